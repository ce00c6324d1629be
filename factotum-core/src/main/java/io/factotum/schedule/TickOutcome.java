package io.factotum.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a claimed tick produced.
 *
 * @param kind submitted, skipped, waiting (queued behind the previous job) or failed
 * @param jobId the job the tick produced (SUBMITTED) or the job it skipped or waits for
 * @param detail why, in words
 * @param at when it was recorded (the recording node's clock)
 */
public record TickOutcome(Kind kind, Optional<String> jobId, String detail, Instant at) {
    public enum Kind { SUBMITTED, SKIPPED, WAITING, FAILED }

    public TickOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }
}
