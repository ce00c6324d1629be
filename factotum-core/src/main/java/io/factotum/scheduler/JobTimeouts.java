package io.factotum.scheduler;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Stops runs that outlive their timeout, on one timer thread. */
final class JobTimeouts implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "factotum-job-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /** Stops {@code job} as TIMED_OUT after {@code timeout} unless the returned future is cancelled first. */
    ScheduledFuture<?> schedule(ActiveJob job, Duration timeout) {
        return timer.schedule(() -> job.stop(ActiveJob.Stop.TIMEOUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
