package io.factotum.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.job.JobEntry;
import io.factotum.schedule.MisfirePolicy;
import io.factotum.schedule.OverlapPolicy;
import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleTick;
import io.factotum.schedule.TickOutcome;
import io.factotum.store.ScheduleStore;
import io.factotum.store.SettableClock;
import io.factotum.store.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Misfire (must-show 2) and overlap (must-show 4) policies, takeover and pause, on a settable clock. */
class ScheduleFirerTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final ScheduleFirerConfig CONFIG =
            new ScheduleFirerConfig(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(2), 1000);

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryStorage storage = new InMemoryStorage(clock);
    private final ScheduleStore store = storage.schedules().orElseThrow();

    @AfterEach
    void close() {
        storage.close();
    }

    private static Schedule everyMinute(OverlapPolicy overlap, MisfirePolicy misfire) {
        return new Schedule("m", "* * * * *", ZoneOffset.UTC, "minutely", "/f/m.factfile", List.of("--tag", "team,data"),
                overlap, misfire, false, T0);
    }

    /** Moves the clock in {@code step}s up to {@code until}, one firer pass per step. */
    private void runUntil(ScheduleFirer firer, Instant until, Duration step) {
        for (Instant t = clock.instant(); !t.isAfter(until); t = t.plus(step)) {
            clock.set(t);
            firer.fireDue();
        }
    }

    private List<String> kinds() {
        List<String> out = new ArrayList<>();
        List<ScheduleTick> ticks = new ArrayList<>(store.ticks("m"));
        java.util.Collections.reverse(ticks);
        for (ScheduleTick t : ticks) {
            out.add(t.fireTime().toString().substring(11, 16) + " " + t.outcome().map(o -> o.kind().name()).orElse("OPEN"));
        }
        return out;
    }

    private List<String> submittedTimes(FakeScheduledJobs jobs) {
        return jobs.acceptedByFireTime().keySet().stream().map(s -> s.substring(11, 16)).toList();
    }

    // --- must-show 2: a 2-hour outage (no node ran from 10:00:30 to 12:00:30) ---

    private FakeScheduledJobs outage(MisfirePolicy misfire) {
        store.create(everyMinute(OverlapPolicy.ALLOW, misfire));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ZERO);
        ScheduleFirer firer = new ScheduleFirer(store, jobs, clock, "n1", CONFIG);
        runUntil(firer, T0.plusSeconds(30), Duration.ofSeconds(30)); // up, nothing due yet
        clock.set(T0.plus(Duration.ofHours(2)).plusSeconds(30)); // back after two hours
        firer.fireDue();
        return jobs;
    }

    @Test
    void misfireOnceFiresOnlyTheNewestMissedTick() {
        FakeScheduledJobs jobs = outage(MisfirePolicy.ONCE);

        assertThat(submittedTimes(jobs)).containsExactly("12:00");
        assertThat(kinds()).hasSize(120).filteredOn(k -> k.endsWith("SKIPPED")).hasSize(119);
    }

    @Test
    void misfireSkipFiresNoLateTickOnlyTheOneStillOnTime() {
        FakeScheduledJobs jobs = outage(MisfirePolicy.SKIP);

        assertThat(submittedTimes(jobs)).containsExactly("12:00"); // 30 s late, within the 1-minute grace
        assertThat(kinds()).filteredOn(k -> k.endsWith("SKIPPED")).hasSize(119);
        assertThat(store.ticks("m").get(1).outcome().orElseThrow().detail()).contains("missed", "misfire policy skip");
    }

    @Test
    void misfireCatchUpFiresTheNewestNMissedTicksInOrder() {
        FakeScheduledJobs jobs = outage(new MisfirePolicy(5));

        assertThat(submittedTimes(jobs)).containsExactly("11:56", "11:57", "11:58", "11:59", "12:00");
        assertThat(kinds()).filteredOn(k -> k.endsWith("SKIPPED")).hasSize(115);
    }

    @Test
    void withoutAnOutageEveryTickFiresOnce() {
        store.create(everyMinute(OverlapPolicy.SKIP, MisfirePolicy.SKIP));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ZERO);

        runUntil(new ScheduleFirer(store, jobs, clock, "n1", CONFIG), T0.plus(Duration.ofHours(2)), Duration.ofSeconds(5));

        assertThat(jobs.acceptedByFireTime()).hasSize(120).containsOnlyKeys(jobs.acceptedByFireTime().keySet())
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    }

    // --- must-show 4: jobs of 150 s on a 1-minute schedule, passes every 10 s for 10 minutes ---

    private FakeScheduledJobs overlapping(OverlapPolicy overlap) {
        store.create(everyMinute(overlap, MisfirePolicy.ONCE));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ofSeconds(150));
        runUntil(new ScheduleFirer(store, jobs, clock, "n1", CONFIG), T0.plus(Duration.ofMinutes(10)), Duration.ofSeconds(10));
        return jobs;
    }

    @Test
    void overlapSkipSkipsTicksWhileThePreviousJobRuns() {
        FakeScheduledJobs jobs = overlapping(OverlapPolicy.SKIP);

        // 10:01 runs to 10:03:30, so 10:02 and 10:03 skip; 10:04 runs to 10:06:30; ...
        assertThat(submittedTimes(jobs)).containsExactly("10:01", "10:04", "10:07", "10:10");
        assertThat(kinds()).contains("10:02 SKIPPED", "10:03 SKIPPED");
        assertThat(store.ticks("m").stream().filter(t -> t.fireTime().equals(T0.plusSeconds(120))).findFirst()
                .orElseThrow().outcome().orElseThrow().detail()).isEqualTo("previous job is WORKING (overlap skip)");
    }

    @Test
    void overlapQueueRunsEveryTickOneAfterAnother() {
        FakeScheduledJobs jobs = overlapping(OverlapPolicy.QUEUE);

        // Each waits for the previous job: 10:01 at 10:01, 10:02 at 10:03:30, 10:03 at 10:06, 10:04 at 10:08:30.
        assertThat(submittedTimes(jobs)).containsExactly("10:01", "10:02", "10:03", "10:04");
        assertThat(kinds()).containsExactly("10:01 SUBMITTED", "10:02 SUBMITTED", "10:03 SUBMITTED", "10:04 SUBMITTED",
                "10:05 WAITING", "10:06 WAITING", "10:07 WAITING", "10:08 WAITING", "10:09 WAITING", "10:10 WAITING");
    }

    @Test
    void overlapQueueHoldsAtMostTenWaitingFires() {
        store.create(everyMinute(OverlapPolicy.QUEUE, MisfirePolicy.ONCE));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ofHours(1));

        runUntil(new ScheduleFirer(store, jobs, clock, "n1", CONFIG), T0.plus(Duration.ofMinutes(15)), Duration.ofSeconds(10));

        assertThat(kinds()).filteredOn(k -> k.endsWith("WAITING")).hasSize(ScheduleFirer.MAX_WAITING);
        assertThat(kinds()).containsSubsequence("10:01 SUBMITTED", "10:11 WAITING", "10:12 SKIPPED", "10:15 SKIPPED");
    }

    @Test
    void overlapAllowStartsEveryTickAlongsideTheRunningJob() {
        FakeScheduledJobs jobs = overlapping(OverlapPolicy.ALLOW);

        assertThat(submittedTimes(jobs)).hasSize(10);
        assertThat(jobs.duplicates()).isZero();
    }

    // --- takeover, pause, the request ---

    @Test
    void aTickLeftOpenBeforeItsSubmitIsSubmittedByAnotherNodeAfterTheClaimTimeout() {
        store.create(everyMinute(OverlapPolicy.SKIP, MisfirePolicy.ONCE));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ZERO);
        clock.set(T0.plusSeconds(61));
        store.claimTick("m", T0.plusSeconds(60), "dead", clock.instant()).orElseThrow(); // then it died
        ScheduleFirer survivor = new ScheduleFirer(store, jobs, clock, "n2", CONFIG);

        survivor.fireDue();
        assertThat(jobs.acceptedByFireTime()).as("still within the claim timeout").isEmpty();
        clock.set(T0.plusSeconds(61 + 121));
        survivor.fireDue();

        // The survivor was not polling meanwhile: 10:02 is a misfire (policy once), 10:03 on time.
        assertThat(submittedTimes(jobs)).containsExactly("10:01", "10:03");
        assertThat(kinds()).containsExactly("10:01 SUBMITTED", "10:02 SKIPPED", "10:03 SUBMITTED");
        ScheduleTick taken = store.ticks("m").get(2);
        assertThat(taken.nodeId()).isEqualTo("n2");
        assertThat(taken.outcome().orElseThrow().kind()).isEqualTo(TickOutcome.Kind.SUBMITTED);
    }

    @Test
    void aTickWhoseNodeDiedAfterItsSubmitIsRecordedNotSubmittedAgain() {
        store.create(everyMinute(OverlapPolicy.ALLOW, MisfirePolicy.ONCE));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ZERO);
        clock.set(T0.plusSeconds(60));
        ScheduleTick open = store.claimTick("m", T0.plusSeconds(60), "dead", clock.instant()).orElseThrow();
        String jobId = ((SubmitResult.Accepted) jobs.submit(ScheduleFirer.request(store.get("m").orElseThrow(),
                open.fireTime()))).jobId(); // submitted (and already DONE), then the node died
        clock.set(T0.plusSeconds(60 + 150));

        new ScheduleFirer(store, jobs, clock, "n2", CONFIG).fireDue();

        assertThat(jobs.acceptedByFireTime()).containsEntry(T0.plusSeconds(60).atOffset(ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME), 1);
        TickOutcome outcome = store.ticks("m").get(store.ticks("m").size() - 1).outcome().orElseThrow();
        assertThat(outcome.jobId()).contains(jobId);
        assertThat(outcome.detail()).isEqualTo("submitted before its first node stopped");
    }

    @Test
    void aPausedScheduleFiresNothingAndResumesWithoutCatchingUp() {
        store.create(everyMinute(OverlapPolicy.SKIP, new MisfirePolicy(10)));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ZERO);
        ScheduleFirer firer = new ScheduleFirer(store, jobs, clock, "n1", CONFIG);
        store.update(store.get("m").orElseThrow().withPaused(true, clock.instant()));

        runUntil(firer, T0.plus(Duration.ofMinutes(30)), Duration.ofSeconds(30));
        assertThat(jobs.acceptedByFireTime()).isEmpty();
        store.update(store.get("m").orElseThrow().withPaused(false, clock.instant()));
        runUntil(firer, T0.plus(Duration.ofMinutes(32)), Duration.ofSeconds(30));

        assertThat(submittedTimes(jobs)).containsExactly("10:31", "10:32");
    }

    @Test
    void aRefusedSubmissionIsRecordedWithItsReason() {
        store.create(everyMinute(OverlapPolicy.SKIP, MisfirePolicy.ONCE));
        ScheduledJobs refusing = new ScheduledJobs() {
            @Override
            public SubmitResult submit(SubmitRequest request) {
                return new SubmitResult.Invalid("Validation Error: Value does not exist on host for 'factfilePath':'/f/m.factfile'");
            }

            @Override
            public Optional<JobEntry> check(String jobId) {
                return Optional.empty();
            }
        };
        clock.set(T0.plusSeconds(61));

        new ScheduleFirer(store, refusing, clock, "n1", CONFIG).fireDue();

        TickOutcome outcome = store.ticks("m").get(0).outcome().orElseThrow();
        assertThat(outcome.kind()).isEqualTo(TickOutcome.Kind.FAILED);
        assertThat(outcome.detail()).contains("does not exist on host");
    }

    @Test
    void eachFireCarriesTheScheduleAndItsWallClockFireTimeAsTags() {
        Schedule s = new Schedule("nightly", "30 2 * * *", ZoneId.of("Australia/Adelaide"), "n", "/f", List.of("--env", "{}"),
                OverlapPolicy.SKIP, MisfirePolicy.ONCE, false, T0);

        SubmitRequest request = ScheduleFirer.request(s, Instant.parse("2026-10-03T17:00:00Z"));

        assertThat(request.factfileArgs()).containsExactly("--tag", "schedule,nightly", "--tag",
                "scheduled_time,2026-10-04T03:30:00+10:30", "--env", "{}");
    }

    @Test
    void startedItFiresOnItsOwnThread() throws Exception {
        store.create(everyMinute(OverlapPolicy.SKIP, MisfirePolicy.ONCE));
        FakeScheduledJobs jobs = new FakeScheduledJobs(clock, Duration.ZERO);
        clock.set(T0.plusSeconds(61));
        ScheduleFirerConfig fast = new ScheduleFirerConfig(Duration.ofMillis(10), Duration.ofMinutes(1), Duration.ofMinutes(2), 100);

        try (ScheduleFirer firer = new ScheduleFirer(store, jobs, clock, "n1", fast)) {
            firer.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (jobs.acceptedByFireTime().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling the observable state, with a deadline
            }
        }

        assertThat(submittedTimes(jobs)).containsExactly("10:01");
    }
}
