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
 */
public record RunRequest(JobRequest job, String runReference, Instant runStartedAt, Map<String, TaskSnapshot> prior,
        JobListener listener) {
    public RunRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(runReference, "runReference");
        Objects.requireNonNull(runStartedAt, "runStartedAt");
        prior = Map.copyOf(prior);
        Objects.requireNonNull(listener, "listener");
    }
}
