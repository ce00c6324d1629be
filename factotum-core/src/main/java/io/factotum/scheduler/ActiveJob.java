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
    /** Set once the worker gives the claim up (ack or release): a failed renewal is then expected. */
    private boolean letGo;

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

    /**
     * The claim, for the worker to acknowledge or release it; from now on the job no longer needs
     * it, so a renewal that fails because the claim is gone is no sign of a lapse. Call it before
     * the ack or release, so that the {@link Housekeeper}, which renews from a snapshot of the
     * active jobs, sees it whenever its renewal finds the claim gone.
     */
    synchronized Claim letGo() {
        letGo = true;
        return claim;
    }

    /** Whether the worker has given the claim up ({@link #letGo()}). */
    synchronized boolean isLetGo() {
        return letGo;
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
