package io.factotum.job;

import java.util.Objects;

/**
 * Factotum Server's stored job entry (server spec section 7), one per job id. Its JSON form,
 * written by {@link JobEntryJson}, is byte-identical to the original's so that tooling reading
 * Consul keeps working. Only the pairs listed in {@link JobTransitions} are valid.
 *
 * @param state where the job is
 * @param jobRequest what was submitted
 * @param lastRunFrom the id of the node that last wrote the entry ({@code --consul-name})
 * @param lastOutcome the outcome so far
 */
public record JobEntry(JobState state, JobRequest jobRequest, String lastRunFrom, LastOutcome lastOutcome) {
    public JobEntry {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(jobRequest, "jobRequest");
        Objects.requireNonNull(lastRunFrom, "lastRunFrom");
        Objects.requireNonNull(lastOutcome, "lastOutcome");
        JobTransitions.checkPair(state, lastOutcome);
    }

    /** The entry written when a job is accepted: QUEUED / WAITING. */
    public static JobEntry queued(JobRequest request, String nodeId) {
        return new JobEntry(JobState.QUEUED, request, nodeId, LastOutcome.WAITING);
    }

    public String jobId() {
        return jobRequest.jobId();
    }

    public boolean isDone() {
        return state == JobState.DONE;
    }

    /** WORKING / RUNNING on {@code nodeId}; checked against {@link JobTransitions}. */
    public JobEntry working(String nodeId) {
        return transitionTo(JobState.WORKING, LastOutcome.RUNNING, nodeId);
    }

    /** DONE with the run's outcome mapped to the server's; checked against {@link JobTransitions}. */
    public JobEntry done(RunOutcome outcome, String nodeId) {
        return transitionTo(JobState.DONE, outcome.toLastOutcome(), nodeId);
    }

    /** Back to QUEUED / WAITING, e.g. after its node died; checked against {@link JobTransitions}. */
    public JobEntry requeued(String nodeId) {
        return transitionTo(JobState.QUEUED, LastOutcome.WAITING, nodeId);
    }

    /**
     * A copy in the given state written by {@code nodeId}.
     *
     * @throws IllegalTransitionException if {@link JobTransitions} does not allow the move
     */
    public JobEntry transitionTo(JobState next, LastOutcome outcome, String nodeId) {
        JobTransitions.check(state, next);
        return new JobEntry(next, jobRequest, nodeId, outcome);
    }
}
