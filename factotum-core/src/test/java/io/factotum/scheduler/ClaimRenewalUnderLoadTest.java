package io.factotum.scheduler;

import io.factotum.Factotum;
import io.factotum.engine.JobExecution;
import io.factotum.engine.JobOutcome;
import io.factotum.factfile.FactfileTestData;
import io.factotum.job.RunOutcome;
import io.factotum.store.Claim;
import io.factotum.store.EnqueueResult;
import io.factotum.store.JobQueue;
import io.factotum.store.PartlyReplacedStorage;
import io.factotum.store.Storage;
import io.factotum.store.memory.InMemoryStorage;
import io.factotum.job.JobEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7 item 6: under load, a claim must never look lapsed while its holder is healthy. 2,000
 * jobs of 5 ms on 8 workers, with a store whose renewals arrive late (as with a store on disk or
 * across the network under load): every job runs once, and no "claim lapsed" or "lost its claim"
 * warning is logged.
 *
 * <p>Before the fix, the housekeeper renewed the claims of a snapshot of the active jobs and took a
 * failed renewal of a job that had finished meanwhile (its claim acknowledged) for a lapse. The
 * store here makes that ordering certain rather than lucky: a renewal is answered only once the
 * job's claim was acknowledged, or after {@link #RENEW_LATENCY}, whichever comes first.
 */
class ClaimRenewalUnderLoadTest {
    private static final int JOBS = 2_000;
    private static final int WORKERS = 8;
    /**
     * At most this late: a round renews at most 8 claims, so a claim is renewed at least every
     * LEASE / 3 + 8 x 50 ms = 733 ms, well inside the lease.
     */
    private static final Duration RENEW_LATENCY = Duration.ofMillis(50);
    private static final Duration LEASE = Duration.ofSeconds(1);
    /** 2,000 x 5 ms on 8 workers: over a second of runs, several renewal rounds. */
    private static final Duration JOB_WORK = Duration.ofMillis(5);
    private static final String LOGGER = "io.factotum.scheduler";

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private AbstractAppender appender;

    @BeforeEach
    void captureSchedulerWarnings() {
        appender = new AbstractAppender("claim-warnings", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                warnings.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        // Only to this appender (not additive): the warnings are counted, not printed.
        LoggerConfig scheduler = LoggerConfig.newBuilder().withLoggerName(LOGGER).withLevel(Level.WARN)
                .withAdditivity(false).withConfig(config).build();
        scheduler.addAppender(appender, Level.WARN, null);
        config.addLogger(LOGGER, scheduler);
        context.updateLoggers();
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(LOGGER);
        context.updateLoggers();
        appender.stop();
    }

    @Test
    void noClaimLooksLapsedWhileItsHolderIsHealthy() throws Exception {
        Map<String, AtomicInteger> runsPerJob = new ConcurrentHashMap<>();
        JobRunner noOp = new JobRunner() {
            @Override
            public void validate(String factfilePath, List<String> factfileArgs) {
            }

            @Override
            public JobExecution start(RunRequest request) {
                runsPerJob.computeIfAbsent(request.job().jobId(), id -> new AtomicInteger()).incrementAndGet();
                return new JobExecution() {
                    @Override
                    public void requestShutdown() {
                    }

                    @Override
                    public JobOutcome await() {
                        LockSupport.parkNanos(JOB_WORK.toNanos()); // the job's "work": keeps the workers busy
                        return new JobOutcome(List.of(), false);
                    }
                };
            }
        };
        String factfile = FactfileTestData.testdata("factfiles/echo.factfile").toString();
        CountDownLatch finished = new CountDownLatch(JOBS);
        AtomicInteger succeeded = new AtomicInteger();
        InMemoryStorage memory = new InMemoryStorage();
        SlowRenewals queue = new SlowRenewals(memory.queue());
        try (Storage store = PartlyReplacedStorage.of(memory).withQueue(queue);
                Factotum factotum = Factotum.builder().storage(store).maxWorkers(WORKERS)
                        .maxJobs(JOBS).lease(LEASE).runner(noOp).build()) {
            factotum.addListener(event -> {
                if (event instanceof SchedulerEvent.JobFinished done) {
                    if (done.run().outcome().equals(Optional.of(RunOutcome.SUCCEEDED))) {
                        succeeded.incrementAndGet();
                    }
                    finished.countDown();
                }
            });
            // All queued first, so that all 8 workers stay busy and every renewal round meets jobs.
            for (int i = 0; i < JOBS; i++) {
                assertThat(factotum.submit(SubmitRequest.of("job " + i, factfile, "--tag", "n," + i)))
                        .isInstanceOf(SubmitResult.Accepted.class);
            }
            factotum.start();
            assertThat(finished.await(120, TimeUnit.SECONDS)).as("all jobs finished").isTrue();
        }
        assertThat(succeeded.get()).isEqualTo(JOBS);
        assertThat(runsPerJob).hasSize(JOBS);
        assertThat(runsPerJob.values()).allSatisfy(runs -> assertThat(runs.get()).isEqualTo(1));
        // The race was met: renewals arrived for jobs that had just ended.
        assertThat(queue.renewedAfterAck().get()).isPositive();
        assertThat(warnings).filteredOn(w -> w.contains("claim")).isEmpty();
    }

    /**
     * The store's queue, with late renewals: a renewal is held until the claim was acknowledged (the
     * job ended), at most {@link #RENEW_LATENCY}. Only latency, never a wrong answer.
     */
    private record SlowRenewals(JobQueue queue, Map<String, CountDownLatch> acked, AtomicInteger renewedAfterAck)
            implements JobQueue {
        SlowRenewals(JobQueue queue) {
            this(queue, new ConcurrentHashMap<>(), new AtomicInteger());
        }

        private CountDownLatch ackOf(Claim claim) {
            return acked.computeIfAbsent(claim.token(), token -> new CountDownLatch(1));
        }

        @Override
        public Optional<Claim> renew(Claim claim, Duration lease) {
            try {
                if (ackOf(claim).await(RENEW_LATENCY.toMillis(), TimeUnit.MILLISECONDS)) {
                    renewedAfterAck.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return queue.renew(claim, lease);
        }

        @Override
        public EnqueueResult enqueue(JobEntry entry, int maxJobs) {
            return queue.enqueue(entry, maxJobs);
        }

        @Override
        public Optional<Claim> claimNext(String nodeId, Duration lease) {
            return queue.claimNext(nodeId, lease);
        }

        @Override
        public boolean ack(Claim claim) {
            boolean acknowledged = queue.ack(claim);
            ackOf(claim).countDown();
            return acknowledged;
        }

        @Override
        public boolean release(Claim claim) {
            return queue.release(claim);
        }

        @Override
        public List<Claim> expiredClaims() {
            return queue.expiredClaims();
        }

        @Override
        public List<Claim> claimsOf(String nodeId) {
            return queue.claimsOf(nodeId);
        }

        @Override
        public int size() {
            return queue.size();
        }
    }
}
