package io.factotum.webhook;

import java.net.URI;

/** POSTs one payload: the seam between delivery (ordering, retries) and the network. */
public interface WebhookSender {
    /**
     * Sends {@code jsonBody} once. Never throws for a failed delivery: a network error is a result
     * with status 0 and a message.
     */
    DeliveryResult post(URI url, String jsonBody);
}
