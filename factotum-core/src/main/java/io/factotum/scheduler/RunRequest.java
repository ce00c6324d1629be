package io.factotum.scheduler;

import io.factotum.engine.JobListener;
import io.factotum.engine.TaskSnapshot;
import io.factotum.job.JobRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One run for a {@link JobRunner}.
 *
 * @param job the job as stored
 * @param runReference the run's reference (webhook {@code runReference})
 * @param runStartedAt when the run started; an interrupted run that is continued keeps its start
 * @param prior task results kept from an earlier run ({@link io.factotum.engine.JobPlan#withPriorResults}):
 *     empty for a fresh run
 * @param listener receives the run's transitions
 * @param factfileText the factfile text the job was submitted with (clustered stores); empty: read
 *     {@code job.factfilePath()} from this host's disk
 */
public record RunRequest(JobRequest job, String runReference, Instant runStartedAt, Map<String, TaskSnapshot> prior,
        JobListener listener, java.util.Optional<String> factfileText) {
    /** A run of the factfile on this host's disk. */
    public RunRequest(JobRequest job, String runReference, Instant runStartedAt, Map<String, TaskSnapshot> prior,
            JobListener listener) {
        this(job, runReference, runStartedAt, prior, listener, java.util.Optional.empty());
    }

    public RunRequest {
        Objects.requireNonNull(factfileText, "factfileText");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(runReference, "runReference");
        Objects.requireNonNull(runStartedAt, "runStartedAt");
        prior = Map.copyOf(prior);
        Objects.requireNonNull(listener, "listener");
    }
}
