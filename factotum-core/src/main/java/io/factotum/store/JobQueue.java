package io.factotum.store;

import io.factotum.job.JobEntry;
import io.factotum.job.JobState;
import io.factotum.job.LastOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The FIFO queue of accepted jobs, shared by every node on the store, and the claims that nodes
 * hold on jobs taken from it. Lease times come from the store's {@link java.time.Clock}.
 *
 * <p>Life of a job: {@link #enqueue} → {@link #claimNext} → ({@link #renew} …) → {@link #ack}. If the
 * node gives the job up, or dies and its lease lapses, {@link #release} puts it back at the
 * <em>front</em> of the queue: it was taken first, so it runs before anything submitted later.
 *
 * <p>The queue does not change job entries except in {@link #enqueue}; writing WORKING or DONE is the
 * scheduler's job, through {@link JobStore#update}. So a claimed job's entry is read first: QUEUED
 * (or WORKING, when taking over a dead node's job) is started with a version-checked update; DONE
 * (cancelled while queued, or finished by a node that died before its ack) is only acknowledged.
 * Recommended order when a run ends: write DONE, then {@link #ack}; a crash in between leaves an
 * expired claim on a DONE job, which the rule above clears.
 *
 * <p>Leases are per claim. A node keeps its claims alive by renewing them (a clustered store may
 * back this with one session per node, as Consul does); a node that dies stops renewing, its claims
 * show up in {@link #expiredClaims()}, and any node releases them.
 */
public interface JobQueue {
    /**
     * Creates the job's entry and appends the job to the queue, in one atomic step (ruling 5).
     * Checked in the original's order: first an existing entry that is not DONE ⇒
     * {@link EnqueueResult.Duplicate}; then {@code size() >= maxJobs} ⇒ {@link EnqueueResult.QueueFull};
     * otherwise the entry is written (replacing a DONE one) and {@link EnqueueResult.Enqueued} returned.
     *
     * @param entry a QUEUED / WAITING entry
     * @param maxJobs the queue bound ({@code --max-jobs})
     * @throws IllegalArgumentException if the entry is not QUEUED / WAITING or maxJobs &lt; 1
     */
    EnqueueResult enqueue(JobEntry entry, int maxJobs);

    /**
     * Takes the job at the head of the queue for {@code nodeId}, atomically: of several nodes racing
     * for one job, exactly one gets it.
     *
     * @return the claim, or empty when the queue is empty
     */
    Optional<Claim> claimNext(String nodeId, Duration lease);

    /**
     * Extends a claim's lease to now + {@code lease}.
     *
     * @return the renewed claim, or empty if the claim is no longer held: its lease had lapsed, or it
     *     was released or acknowledged. A node that gets empty must stop working on the job.
     */
    Optional<Claim> renew(Claim claim, Duration lease);

    /**
     * Removes a finished job's claim: the job is gone from the queue for good. Allowed after the
     * lease lapsed, as long as no other node released the claim in the meantime.
     *
     * @return false if the claim was not held any more (another token now holds the job, or it was
     *     already acknowledged or released); nothing is changed then
     */
    boolean ack(Claim claim);

    /**
     * Drops the claim and puts the job back at the front of the queue. The holder releases a job it
     * gives up; any node may release a claim listed by {@link #expiredClaims()}, which is how a dead
     * node's jobs are taken over, and a restarted node those {@link #claimsOf} its own id. The {@code maxJobs} bound is not checked: the job was accepted already.
     *
     * @return false if the claim was not held any more; nothing is changed then
     */
    boolean release(Claim claim);

    /** Claims whose lease has lapsed, oldest expiry first. */
    List<Claim> expiredClaims();

    /**
     * The claims held under {@code nodeId}, lapsed or not, oldest claim first (ties by job id). A node
     * that restarts under the same id calls this to release what its previous incarnation held,
     * without waiting for the leases to lapse; release them newest first to restore their order.
     */
    List<Claim> claimsOf(String nodeId);

    /**
     * Calls {@code onChange} (on a thread of the store's) whenever the queue may have changed, for
     * stores shared by several nodes that can push changes (Consul: blocking queries), so idle
     * nodes need not poll. Stores that cannot return a watch that never fires.
     *
     * @return stops the watch
     */
    default AutoCloseable watch(Runnable onChange) {
        return () -> { };
    }

    /** How many jobs wait in the queue (claimed jobs are not counted), as {@code inQueue} in /status. */
    int size();

    /**
     * The preconditions of {@link #enqueue}, for implementations: a QUEUED / WAITING entry and a
     * bound of at least 1.
     *
     * @throws IllegalArgumentException otherwise
     */
    static void requireEnqueueable(JobEntry entry, int maxJobs) {
        if (entry.state() != JobState.QUEUED || entry.lastOutcome() != LastOutcome.WAITING) {
            throw new IllegalArgumentException("Only a QUEUED / WAITING entry can be enqueued, not "
                    + entry.state() + " / " + entry.lastOutcome());
        }
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1: " + maxJobs);
        }
    }
}
