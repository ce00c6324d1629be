package io.factotum.scheduler;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code max-workers} threads. A job is claimed only once a slot is free, so no job sits claimed
 * but waiting in an executor's queue (the original's quirk, server spec 6), and at most
 * {@code max-workers} jobs run at once.
 */
final class WorkerPool {
    private final int maxWorkers;
    private final Semaphore slots;
    private final ExecutorService threads;

    WorkerPool(int maxWorkers) {
        this.maxWorkers = maxWorkers;
        this.slots = new Semaphore(maxWorkers);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(maxWorkers, runnable -> {
            Thread thread = new Thread(runnable, "factotum-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits for a free slot. */
    void acquireSlot() throws InterruptedException {
        slots.acquire();
    }

    /** Gives back a slot taken by {@link #acquireSlot()} and not used. */
    void releaseSlot() {
        slots.release();
    }

    /** Runs {@code job} in the slot taken by {@link #acquireSlot()}, freeing it when the job ends. */
    void run(Runnable job) {
        threads.execute(() -> {
            try {
                job.run();
            } finally {
                slots.release();
            }
        });
    }

    /**
     * Waits until no job runs, up to {@code wait}, without stopping anything; the caller must have
     * stopped handing out jobs first.
     *
     * @return true if every slot was free in time
     */
    boolean awaitIdle(Duration wait) throws InterruptedException {
        if (!slots.tryAcquire(maxWorkers, wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        slots.release(maxWorkers);
        return true;
    }

    /** Lets running jobs end, up to {@code wait}; takes no new ones. */
    boolean shutdown(Duration wait) throws InterruptedException {
        threads.shutdown();
        return threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
