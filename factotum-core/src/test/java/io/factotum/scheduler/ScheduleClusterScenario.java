package io.factotum.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.schedule.MisfirePolicy;
import io.factotum.schedule.OverlapPolicy;
import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleTick;
import io.factotum.store.ScheduleStore;
import io.factotum.store.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Must-show 1 of issue 11: a 1-minute schedule over a simulated day on three nodes sharing one store,
 * their clocks a few seconds apart, one node killed in the middle of a fire (after its submit, before
 * the tick's outcome is stored). Every tick of the day must produce exactly one job. The nodes' passes
 * run concurrently at each step, so they really race for the ticks. Shared by every backend.
 */
public final class ScheduleClusterScenario {
    /** Thrown from the doomed node's submit: the node dies there, leaving its tick open. */
    static final class NodeKilled extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** What the day produced, for the backend tests' own checks and the report. */
    public record Result(int ticks, int firesByDoomedNode, Map<String, Integer> acceptedByFireTime) { }

    private ScheduleClusterScenario() {
    }

    /**
     * @param nodeStores one store client per node (three), all on the same data
     * @param step how far the shared clock moves between passes
     */
    public static Result run(List<ScheduleStore> nodeStores, SettableClock base, Duration step) throws Exception {
        assertThat(nodeStores).hasSize(3);
        Instant start = base.instant();
        Instant end = start.plus(Duration.ofDays(1));
        Instant killAt = start.plus(Duration.ofHours(12));
        FakeScheduledJobs jobs = new FakeScheduledJobs(base, Duration.ofSeconds(30));
        assertThat(nodeStores.get(0).create(new Schedule("every-minute", "* * * * *", ZoneOffset.UTC, "minutely",
                "/factfiles/minutely.factfile", List.of(), OverlapPolicy.SKIP, MisfirePolicy.ONCE, false, start))).isTrue();

        Duration[] offsets = {Duration.ofSeconds(-3), Duration.ofSeconds(2), Duration.ofSeconds(1)};
        int[] doomedFires = {0};
        ScheduledJobs doomedJobs = new ScheduledJobs() {
            @Override
            public SubmitResult submit(SubmitRequest request) {
                SubmitResult result = jobs.submit(request);
                if (!base.instant().isBefore(killAt)) {
                    throw new NodeKilled();
                }
                doomedFires[0]++;
                return result;
            }

            @Override
            public Optional<io.factotum.job.JobEntry> check(String jobId) {
                return jobs.check(jobId);
            }

            @Override
            public Optional<String> jobIdOf(SubmitRequest request) {
                return jobs.jobIdOf(request);
            }
        };
        ScheduleFirerConfig config = new ScheduleFirerConfig(Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofMinutes(2), 20);
        List<ScheduleFirer> live = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            live.add(new ScheduleFirer(nodeStores.get(n), n == 1 ? doomedJobs : jobs, Clock.offset(base, offsets[n]),
                    "node-" + n, config));
        }
        ScheduleFirer doomed = live.get(1);
        boolean killed = false;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (Instant t = start; !t.isAfter(end); t = t.plus(step)) {
                base.set(t);
                List<Future<?>> passes = new ArrayList<>();
                for (ScheduleFirer firer : live) {
                    passes.add(pool.submit(firer::fireDue));
                }
                for (int n = passes.size() - 1; n >= 0; n--) {
                    try {
                        passes.get(n).get();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof NodeKilled)) {
                            throw e;
                        }
                        live.remove(doomed);
                        killed = true;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(killed).as("the doomed node died mid-fire").isTrue();
        assertThat(doomedFires[0]).as("the doomed node fired ticks before it died").isPositive();
        Map<String, Integer> accepted = jobs.acceptedByFireTime();
        List<String> expected = new ArrayList<>();
        for (Instant tick = start.plus(Duration.ofMinutes(1)); !tick.isAfter(end); tick = tick.plus(Duration.ofMinutes(1))) {
            expected.add(tick.atOffset(ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        assertThat(accepted.keySet()).as("every tick of the day fired").containsExactlyElementsOf(expected);
        assertThat(accepted.values()).as("no tick fired twice").containsOnly(1);
        assertThat(jobs.duplicates()).isZero();
        assertThat(nodeStores.get(0).ticks("every-minute")).noneMatch(ScheduleTick::isOpen);
        return new Result(expected.size(), doomedFires[0], accepted);
    }
}
