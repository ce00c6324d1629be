package io.factotum.scheduler;

import io.factotum.Factotum;
import io.factotum.engine.JobExecution;
import io.factotum.engine.JobOutcome;
import io.factotum.factfile.FactfileTestData;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import io.factotum.store.PageRequest;
import io.factotum.store.memory.InMemoryStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Must-show 4: 1,000 jobs from 8 threads with max-workers 4: each runs exactly once, never more than 4 at once. */
class ConcurrencyTest {
    private static final int JOBS = 1_000;
    private static final int THREADS = 8;
    private static final int MAX_WORKERS = 4;

    /**
     * A runner whose runs end only when the test's releaser ends them, and which the releaser lets
     * fill up first: while jobs remain, a run is ended only once min(4, jobs not yet ended) runs are
     * in flight, so the test sees the pool full every time, and a fifth concurrent run (a broken
     * bound) would be observed.
     */
    static final class GatedRunner implements JobRunner {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Deque<CompletableFuture<JobOutcome>> inFlight = new ArrayDeque<>();
        private final Map<String, AtomicInteger> runsPerJob = new ConcurrentHashMap<>();
        private int maxInFlight;
        private int ended;

        @Override
        public void validate(String factfilePath, List<String> factfileArgs) {
        }

        @Override
        public JobExecution start(RunRequest request) {
            runsPerJob.computeIfAbsent(request.job().jobId(), k -> new AtomicInteger()).incrementAndGet();
            CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
            lock.lock();
            try {
                inFlight.add(outcome);
                maxInFlight = Math.max(maxInFlight, inFlight.size());
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return new JobExecution() {
                @Override
                public void requestShutdown() {
                }

                @Override
                public JobOutcome await() throws InterruptedException {
                    try {
                        return outcome.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        }

        /** Ends one run once the pool is as full as it can be; false if that did not happen in time. */
        boolean endOneWhenFull() throws InterruptedException {
            CompletableFuture<JobOutcome> next;
            lock.lock();
            try {
                long wait = TimeUnit.SECONDS.toNanos(30);
                while (inFlight.size() < Math.min(MAX_WORKERS, JOBS - ended)) {
                    if (wait <= 0) {
                        return false;
                    }
                    wait = changed.awaitNanos(wait);
                }
                next = inFlight.poll();
                ended++;
            } finally {
                lock.unlock();
            }
            next.complete(new JobOutcome(List.of(), false));
            return true;
        }
    }

    @Test
    void thousandJobsFromEightThreadsRunOnceEachNeverMoreThanFourAtOnce() throws Exception {
        GatedRunner runner = new GatedRunner();
        String factfile = FactfileTestData.testdata("factfiles/echo.factfile").toString();
        CountDownLatch finished = new CountDownLatch(JOBS);
        Set<String> finishedIds = ConcurrentHashMap.newKeySet();
        try (InMemoryStorage storage = new InMemoryStorage();
                Factotum factotum = Factotum.builder().storage(storage).maxWorkers(MAX_WORKERS).maxJobs(JOBS)
                        .runner(runner).build()) {
            factotum.addListener(event -> {
                if (event instanceof SchedulerEvent.JobFinished done
                        && done.run().outcome().equals(java.util.Optional.of(RunOutcome.SUCCEEDED))) {
                    finishedIds.add(done.jobId());
                    finished.countDown();
                }
            });
            factotum.start();

            ExecutorService submitters = Executors.newFixedThreadPool(THREADS);
            List<Future<List<String>>> submitted = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                submitted.add(submitters.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = thread; i < JOBS; i += THREADS) {
                        SubmitResult result = factotum.submit(SubmitRequest.of("job " + i, factfile, "--tag", "n," + i));
                        ids.add(((SubmitResult.Accepted) result).jobId());
                    }
                    return ids;
                }));
            }
            for (int i = 0; i < JOBS; i++) {
                assertThat(runner.endOneWhenFull()).as("pool filled up before run %d ended", i).isTrue();
            }
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<List<String>> f : submitted) {
                ids.addAll(f.get(30, TimeUnit.SECONDS));
            }
            submitters.shutdown();
            assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(ids).hasSize(JOBS);
            assertThat(runner.maxInFlight).isEqualTo(MAX_WORKERS);
            assertThat(runner.runsPerJob).hasSize(JOBS).allSatisfy((id, runs) -> assertThat(runs.get()).isEqualTo(1));
            assertThat(finishedIds).isEqualTo(ids);
            assertThat(factotum.list(JobState.DONE, PageRequest.first(JOBS + 1)).items()).hasSize(JOBS);
            assertThat(factotum.queued()).isZero();
            assertThat(factotum.runs(ids.iterator().next())).singleElement()
                    .extracting(JobRun::outcome).isEqualTo(java.util.Optional.of(RunOutcome.SUCCEEDED));
        }
    }
}
