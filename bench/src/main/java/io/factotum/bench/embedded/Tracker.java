package io.factotum.bench.embedded;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One measurement's progress: when each job was submitted and when its code was invoked
 * ({@link System#nanoTime()}), and how many jobs ended. Shared by the harness and the system's
 * job code, so it is thread-safe.
 */
public final class Tracker {
    private final AtomicLongArray submitted;
    private final AtomicLongArray started;
    private final CountDownLatch finished;
    private final AtomicInteger failures = new AtomicInteger();

    public Tracker(int jobs) {
        this.submitted = new AtomicLongArray(jobs);
        this.started = new AtomicLongArray(jobs);
        this.finished = new CountDownLatch(jobs);
    }

    public int jobs() {
        return submitted.length();
    }

    public void submitted(int job, long nanos) {
        submitted.set(job, nanos);
    }

    /** The system invoked job {@code job}'s code now; only the first call counts. */
    public void started(int job) {
        started.compareAndSet(job, 0L, System.nanoTime());
    }

    /** A job ended; {@code ok} false counts it as a failure (still ended). */
    public void finished(boolean ok) {
        if (!ok) {
            failures.incrementAndGet();
        }
        finished.countDown();
    }

    /** Runs job {@code job}'s code as the peers' jobs do: start recorded, work done, end counted. */
    public void runJob(int job, Work work) {
        started(job);
        boolean ok = false;
        try {
            work.perform();
            ok = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            ok = false;
        } finally {
            finished(ok);
        }
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    public long unfinished() {
        return finished.getCount();
    }

    public int failures() {
        return failures.get();
    }

    /** Submit-to-start latencies in nanoseconds of jobs {@code from} (inclusive) on; -1 where a job never started. */
    public long[] latencies(int from) {
        long[] out = new long[jobs() - from];
        for (int i = from; i < jobs(); i++) {
            long start = started.get(i);
            out[i - from] = start == 0L ? -1L : start - submitted.get(i);
        }
        return out;
    }
}
