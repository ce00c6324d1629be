package io.factotum.webhook;

import java.net.URI;
import java.util.Objects;

/**
 * One event waiting for delivery.
 *
 * @param url where to POST it
 * @param payload the event, without its run duration (computed when it is taken for sending)
 */
public record OutboxEntry(URI url, WebhookPayload payload) {
    public OutboxEntry {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(payload, "payload");
    }
}
