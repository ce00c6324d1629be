package io.factotum.scheduler;

import io.factotum.store.Claim;
import io.factotum.store.JobQueue;
import io.factotum.store.StoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one thread that takes jobs from the queue: wait for a free worker, claim the head of the
 * queue, hand it to the worker; when the queue is empty, wait for a submission (or the poll
 * interval, for jobs queued by other nodes).
 */
final class DispatchLoop {
    private static final Logger LOG = LogManager.getLogger(DispatchLoop.class);

    private final JobQueue queue;
    private final String nodeId;
    private final Duration lease;
    private final Duration pollInterval;
    private final WorkerPool workers;
    private final Waiter waiter;
    private final Consumer<Claim> worker;
    private final Thread thread;
    private volatile boolean stopping;

    DispatchLoop(JobQueue queue, SchedulerConfig config, WorkerPool workers, Waiter waiter, Consumer<Claim> worker) {
        this.queue = queue;
        this.nodeId = config.nodeId();
        this.lease = config.lease();
        this.pollInterval = config.pollInterval();
        this.workers = workers;
        this.waiter = waiter;
        this.worker = worker;
        this.thread = new Thread(this::loop, "factotum-dispatch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops claiming; returns once the loop has ended. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join();
    }

    private void loop() {
        try {
            while (!stopping) {
                workers.acquireSlot();
                Optional<Claim> claim;
                try {
                    claim = queue.claimNext(nodeId, lease);
                } catch (StoreException e) {
                    LOG.error("Cannot take jobs from the store: {}", e.getMessage());
                    claim = Optional.empty();
                }
                if (claim.isEmpty()) {
                    workers.releaseSlot();
                    waiter.await(pollInterval);
                    continue;
                }
                Claim claimed = claim.get();
                workers.run(() -> worker.accept(claimed));
            }
        } catch (InterruptedException e) {
            // stop()
        }
    }
}
