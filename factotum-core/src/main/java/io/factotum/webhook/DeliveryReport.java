package io.factotum.webhook;

/**
 * How many events a {@link WebhookDispatcher} has handled so far.
 *
 * @param delivered events accepted by the receiver (a 2xx answer)
 * @param failed events given up after the last attempt allowed by the {@link RetryPolicy}
 */
public record DeliveryReport(int delivered, int failed) {
    /** Whether no event was given up (Factotum's "some events failed to send" warning otherwise). */
    public boolean allDelivered() {
        return failed == 0;
    }
}
