package io.factotum.scheduler;

import io.factotum.engine.JobExecution;
import io.factotum.store.Claim;
import java.util.Optional;

/**
 * A job a worker of this node holds a claim on: its current claim (renewed by the
 * {@link Housekeeper}), its run once started, and why it must stop, if it must. The first stop
 * reason wins: a job that timed out and is then cancelled stays timed out.
 */
final class ActiveJob {
    /** Why a run is stopped before it ends by itself. */
    enum Stop {
        /** {@code cancel}: the job ends CANCELLED. */
        CANCEL,
        /** It outlived its timeout: the job ends TIMED_OUT. */
        TIMEOUT,
        /** This node is stopping: the job goes back to the queue and continues later. */
        NODE_STOPPING,
        /** The claim lapsed or was taken: another node continues the job; nothing more is written. */
        CLAIM_LOST
    }

    private Claim claim;
    private JobExecution execution;
    private Stop stop;

    ActiveJob(Claim claim) {
        this.claim = claim;
    }

    String jobId() {
        return claim.jobId();
    }

    synchronized Claim claim() {
        return claim;
    }

    synchronized void renewed(Claim renewed) {
        claim = renewed;
    }

    /** Links the started run; a stop asked for before this stops it now. */
    synchronized void attach(JobExecution started) {
        execution = started;
        if (stop != null) {
            started.requestShutdown();
        }
    }

    /** Asks the run to stop for {@code why} (kept only if no reason was given before). */
    synchronized void stop(Stop why) {
        if (stop == null) {
            stop = why;
        }
        if (execution != null) {
            execution.requestShutdown();
        }
    }

    synchronized Optional<Stop> stopReason() {
        return Optional.ofNullable(stop);
    }
}
