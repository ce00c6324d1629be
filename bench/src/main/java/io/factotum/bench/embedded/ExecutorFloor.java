package io.factotum.bench.embedded;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Java floor: a fixed pool of worker threads that runs each job's code as it is handed over,
 * with no scheduler, no store and no bookkeeping.
 */
public final class ExecutorFloor implements Contender {
    private final ExecutorService pool;
    private final Work work;
    private final Tracker tracker;

    public ExecutorFloor(int workers, Work work, Tracker tracker) {
        this.pool = Executors.newFixedThreadPool(workers);
        this.work = work;
        this.tracker = tracker;
    }

    @Override
    public void submit(int job) {
        pool.execute(() -> tracker.runJob(job, work));
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
