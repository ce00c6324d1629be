package io.factotum.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a job, kept in the run history (the original server keeps none).
 *
 * @param jobId the job
 * @param runReference the run's reference (a UUID, as in Factotum's webhooks)
 * @param nodeId the node that ran it
 * @param startedAt when the run started
 * @param finishedAt when it ended, once it has
 * @param outcome how it ended, once it has
 * @param tasks every planned task, in plan order
 */
public record JobRun(
        String jobId,
        String runReference,
        String nodeId,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Optional<RunOutcome> outcome,
        List<TaskRun> tasks) {

    public JobRun {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runReference, "runReference");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
        tasks = List.copyOf(tasks);
    }

    /** A run that has just started, with no task records yet. */
    public static JobRun started(String jobId, String runReference, String nodeId, Instant at) {
        return new JobRun(jobId, runReference, nodeId, at, Optional.empty(), Optional.empty(), List.of());
    }

    public JobRun withTasks(List<TaskRun> newTasks) {
        return new JobRun(jobId, runReference, nodeId, startedAt, finishedAt, outcome, newTasks);
    }

    public JobRun finished(RunOutcome how, Instant at) {
        return new JobRun(jobId, runReference, nodeId, startedAt, Optional.of(at), Optional.of(how), tasks);
    }

    public boolean isFinished() {
        return outcome.isPresent();
    }
}
