package io.factotum.scheduler;

import io.factotum.store.Claim;
import io.factotum.store.StoreException;
import io.factotum.store.Storage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node's periodic duties, every third of the lease: heartbeat in the node registry, renew the
 * claims of the jobs running here (a claim that cannot be renewed is lost: its run is stopped and
 * another node continues it), and hand back to the queue the lapsed claims of dead nodes. At start
 * it also hands back the claims this node's previous incarnation held (orphan recovery after a
 * crash), newest first so that they return in their original order.
 */
final class Housekeeper implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Housekeeper.class);

    private final Storage storage;
    private final SchedulerConfig config;
    private final ActiveJobs active;
    private final Waiter waiter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "factotum-housekeeper");
        thread.setDaemon(true);
        return thread;
    });

    Housekeeper(Storage storage, SchedulerConfig config, ActiveJobs active, Waiter waiter) {
        this.storage = storage;
        this.config = config;
        this.active = active;
        this.waiter = waiter;
    }

    /** Releases what a previous run of this node held; call before dispatching starts. */
    int recoverOwnClaims() {
        List<Claim> mine = storage.queue().claimsOf(config.nodeId());
        for (int i = mine.size() - 1; i >= 0; i--) {
            Claim claim = mine.get(i);
            if (storage.queue().release(claim)) {
                LOG.warn("Job {} was running when this node stopped; it is queued to continue", claim.jobId());
            }
        }
        return mine.size();
    }

    void start() {
        Duration period = config.lease().dividedBy(3);
        storage.nodes().heartbeat(config.nodeId(), config.lease());
        timer.scheduleAtFixedRate(this::tick, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            storage.nodes().heartbeat(config.nodeId(), config.lease());
            renewClaims();
            releaseExpiredClaims();
        } catch (StoreException e) {
            LOG.error("Housekeeping failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Housekeeping failed", e);
        }
    }

    /**
     * Renews the claims of a snapshot of the active jobs. A job of the snapshot may end while the
     * others are renewed (with a slow store and many jobs, hundreds of milliseconds later): its
     * worker acknowledges the claim, so its renewal finds no claim. That is no lapse, and the
     * worker has said so ({@link ActiveJob#letGo()}) before its ack; only a claim that vanished from
     * under a job still holding it is one.
     */
    private void renewClaims() {
        for (ActiveJob job : active.all()) {
            if (job.isLetGo()) {
                continue;
            }
            Optional<Claim> renewed = storage.queue().renew(job.claim(), config.lease());
            if (renewed.isPresent()) {
                job.renewed(renewed.get());
            } else if (!job.isLetGo()) {
                LOG.warn("Job {}: its claim lapsed; stopping its run here", job.jobId());
                job.stop(ActiveJob.Stop.CLAIM_LOST);
            }
        }
    }

    private void releaseExpiredClaims() {
        boolean released = false;
        for (Claim claim : storage.queue().expiredClaims()) {
            // A job still active here stops by itself once its renewal fails.
            if (active.get(claim.jobId()).isEmpty() && storage.queue().release(claim)) {
                LOG.warn("Job {} of node {} lost its claim; queued to continue", claim.jobId(), claim.nodeId());
                released = true;
            }
        }
        if (released) {
            waiter.wake();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
