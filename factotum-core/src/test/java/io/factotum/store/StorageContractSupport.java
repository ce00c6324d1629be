package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every store contract shares: one storage per test on a {@link SettableClock}, capability
 * flags, and helpers. A backend's test subclasses a contract, passes its flags and implements
 * {@link #open(Clock)} (and {@link #cleanup()} if it leaves anything behind).
 */
public abstract class StorageContractSupport {
    /** Where every test's clock starts. */
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected static final String NODE = "factotum";

    private final boolean durableAcrossReopen;
    protected final SettableClock clock = new SettableClock(T0);
    protected Storage storage;

    /** @param durableAcrossReopen whether {@link #open} after a close sees what was written before */
    protected StorageContractSupport(boolean durableAcrossReopen) {
        this.durableAcrossReopen = durableAcrossReopen;
    }

    /** Opens the backend under test; for durable backends, the same data every time within a test. */
    protected abstract Storage open(Clock clock) throws Exception;

    /** Removes whatever the backend left behind; called after the storage is closed. */
    protected void cleanup() throws Exception {
    }

    @BeforeEach
    void openStorage() throws Exception {
        storage = open(clock);
    }

    @AfterEach
    void closeStorage() throws Exception {
        if (storage != null) {
            storage.close();
        }
        cleanup();
    }

    /** Closes and reopens the store; skips the test for backends that do not keep data. */
    protected Storage reopen() throws Exception {
        assumeTrue(durableAcrossReopen, "this store does not keep data across a reopen");
        storage.close();
        storage = null;
        storage = open(clock);
        return storage;
    }

    protected static JobRequest request(String jobId) {
        return new JobRequest(jobId, "job " + jobId, "/factotum/samples/echo.factfile", List.of("--tag", "foo,bar"));
    }

    protected static JobEntry queuedEntry(String jobId) {
        return JobEntry.queued(request(jobId), NODE);
    }

    /** Enqueues a fresh job and returns its stored entry; fails the test if it was not accepted. */
    protected StoredJob enqueue(String jobId) {
        EnqueueResult result = storage.queue().enqueue(queuedEntry(jobId), 1_000);
        assertThat(result).isInstanceOf(EnqueueResult.Enqueued.class);
        return ((EnqueueResult.Enqueued) result).job();
    }

    /** A string of {@code chars} characters mixing ASCII and non-BMP text. */
    protected static String largeText(int chars) {
        StringBuilder text = new StringBuilder(chars);
        String pattern = "line of output \"quoted\" \\ é ✓ 😀\n";
        while (text.length() < chars) {
            text.append(pattern);
        }
        text.setLength(chars);
        if (Character.isHighSurrogate(text.charAt(chars - 1))) {
            text.setCharAt(chars - 1, 'x');
        }
        return text.toString();
    }

    protected static final String UNICODE = "ünïcödé ✓ 日本語 😀 \u2028 <&>='\"\\/\t\u0001";

    /** Runs {@code task} on {@code threads} threads released at the same moment; returns every result. */
    protected static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
