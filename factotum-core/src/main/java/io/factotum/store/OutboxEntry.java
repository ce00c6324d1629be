package io.factotum.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook event waiting to be delivered.
 *
 * @param sequence its position in the outbox: unique and increasing in append order
 * @param jobId the job the event is about
 * @param destination where to deliver it (the webhook URL)
 * @param payload the event body, exactly as it must be sent
 * @param createdAt when it was appended
 */
public record OutboxEntry(long sequence, String jobId, String destination, String payload, Instant createdAt) {
    public OutboxEntry {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
