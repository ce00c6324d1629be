package io.factotum.server;

import io.factotum.webhook.DeliveryResult;
import io.factotum.webhook.WebhookSender;
import java.net.URI;

/** Counts webhook posts, delivered (2xx) or failed, for {@code /metrics}. */
public final class CountingWebhookSender implements WebhookSender {
    private final WebhookSender delegate;
    private final ServerMetrics metrics;

    public CountingWebhookSender(WebhookSender delegate, ServerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public DeliveryResult post(URI url, String jsonBody) {
        DeliveryResult result = delegate.post(url, jsonBody);
        if (result.succeeded()) {
            metrics.webhookDelivered(1);
        } else {
            metrics.webhookFailed(1);
        }
        return result;
    }
}
