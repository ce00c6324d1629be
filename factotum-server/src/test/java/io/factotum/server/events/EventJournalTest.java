package io.factotum.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskState;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventJournalTest {
    private static ServerEvent event(String job, String key) {
        return new ServerEvent(0, ServerEvent.JOB, job, key, "{}");
    }

    private static List<Long> seqs(List<ServerEvent> events) {
        return events.stream().map(ServerEvent::seq).toList();
    }

    @Test
    void appendingNeverWaitsForASubscriberThatDoesNotKeepUp() throws Exception {
        try (EventJournal journal = new EventJournal(10_000)) {
            CountDownLatch release = new CountDownLatch(1);
            List<ServerEvent> got = java.util.Collections.synchronizedList(new ArrayList<>());
            journal.subscribe(0, e -> true, e -> {
                try {
                    release.await(); // a subscriber stuck for as long as the test wants
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                got.add(e);
            });
            // the scheduler's threads append: they must finish while the subscriber is stuck
            CompletableFuture<Void> appends = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 1000; i++) {
                    journal.append(event("j", "k" + i));
                }
            });
            try {
                appends.get(10, TimeUnit.SECONDS);
            } finally {
                release.countDown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < 1000 && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling an observable count with a deadline
            }
            assertThat(seqs(got)).hasSize(1000).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aSubscriptionGetsTheKeptBacklogThenLiveEventsWithNoGapAndNoRepeat() throws Exception {
        try (EventJournal journal = new EventJournal(100)) {
            for (int i = 1; i <= 5; i++) {
                journal.append(event(i % 2 == 0 ? "even" : "odd", "k" + i));
            }
            List<ServerEvent> live = java.util.Collections.synchronizedList(new ArrayList<>());
            EventJournal.Subscription sub = journal.subscribe(2, e -> e.jobId().equals("odd"), live::add);
            assertThat(sub.complete()).isTrue();
            assertThat(sub.position()).isEqualTo(5);
            assertThat(seqs(sub.backlog())).containsExactly(3L, 5L);
            journal.append(event("odd", "k6"));
            journal.append(event("even", "k7"));
            journal.append(event("odd", "k8"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (live.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(seqs(live)).containsExactly(6L, 8L);
            sub.cancel().run();
            assertThat(journal.subscriberCount()).isZero();
        }
    }

    @Test
    void aPositionWhoseEventsFellOffIsIncomplete() {
        try (EventJournal journal = new EventJournal(3)) {
            // at most twice the capacity is kept, while the fan-out catches up
            for (int i = 1; i <= 10; i++) {
                journal.append(event("j", "k" + i));
            }
            assertThat(journal.subscribe(2, e -> true, e -> { }).complete()).isFalse();
            assertThat(journal.subscribe(9, e -> true, e -> { }).complete()).isTrue();
            assertThat(journal.subscribe(99, e -> true, e -> { }).complete()).isFalse();
        }
    }

    @Test
    void aLateClientIsShownOnlyTheLastLinesOfEachRunningTask() {
        TaskRun running = new TaskRun("chatty", TaskState.RUNNING, Optional.empty(), Optional.of(Instant.EPOCH),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        TaskRun done = new TaskRun("done", TaskState.SUCCEEDED, Optional.of(0), Optional.of(Instant.EPOCH),
                Optional.empty(), Optional.empty(), Optional.of("x"), Optional.empty());
        JobRun run = JobRun.started("j", "r1", "n", Instant.EPOCH).withTasks(List.of(running, done));
        List<ServerEvent> kept = new ArrayList<>();
        long seq = 0;
        for (int i = 1; i <= 50; i++) {
            kept.add(EventFacts.line("j", "r1", "chatty", OutputStreamKind.STDOUT, i, "c" + i).withSeq(++seq));
            kept.add(EventFacts.line("j", "r1", "done", OutputStreamKind.STDOUT, i, "d" + i).withSeq(++seq));
            kept.add(EventFacts.line("j", "r0", "chatty", OutputStreamKind.STDOUT, i, "old" + i).withSeq(++seq));
        }
        List<ServerEvent> lines = StoredJobEvents.runningOutput(run, kept, 10, Long.MAX_VALUE);
        assertThat(lines).hasSize(10).allMatch(e -> e.key().startsWith(EventFacts.linePrefix("r1", "chatty")));
        assertThat(lines.get(0).data()).contains("\"line\":\"c41\"");
        assertThat(lines.get(9).data()).contains("\"line\":\"c50\"");
    }

    @Test
    void aLateClientsReplayOfALoudJobLeavesItRoomForWhatComesLive() {
        TaskRun loud = new TaskRun("loud", TaskState.RUNNING, Optional.empty(), Optional.of(Instant.EPOCH),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        TaskRun quiet = new TaskRun("quiet", TaskState.RUNNING, Optional.empty(), Optional.of(Instant.EPOCH),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        JobRun run = JobRun.started("j", "r1", "n", Instant.EPOCH).withTasks(List.of(loud, quiet));
        List<ServerEvent> kept = new ArrayList<>();
        long seq = 0;
        for (int i = 1; i <= 1_000; i++) {
            kept.add(EventFacts.line("j", "r1", "loud", OutputStreamKind.STDOUT, i, "x".repeat(500) + i).withSeq(++seq));
            if (i % 100 == 0) {
                kept.add(EventFacts.line("j", "r1", "quiet", OutputStreamKind.STDOUT, i, "q" + i).withSeq(++seq));
            }
        }
        long budget = 20_000;
        List<ServerEvent> lines = StoredJobEvents.runningOutput(run, kept, 1_000, budget);
        List<ServerEvent> loudLines = lines.stream().filter(e -> e.key().startsWith(EventFacts.linePrefix("r1", "loud"))).toList();
        // each running task gets half the bytes: the loud one its newest lines within them, the quiet one all ten
        assertThat(loudLines.stream().mapToLong(ServerEvent::frameBytes).sum()).isLessThanOrEqualTo(budget / 2);
        assertThat(loudLines).hasSizeGreaterThan(10);
        assertThat(loudLines.get(loudLines.size() - 1).data()).endsWith("1000\"}");
        assertThat(lines).hasSize(loudLines.size() + 10);
    }

    @Test
    void eachSubscriberIsHandedWhatItsInterestTakesInOrderAndNothingAfterItIsCancelled() throws Exception {
        try (EventJournal journal = new EventJournal(1_000)) {
            List<ServerEvent> ofA = java.util.Collections.synchronizedList(new ArrayList<>());
            List<ServerEvent> everyJob = java.util.Collections.synchronizedList(new ArrayList<>());
            List<ServerEvent> everyJobWithLines = java.util.Collections.synchronizedList(new ArrayList<>());
            List<ServerEvent> cancelledEarly = java.util.Collections.synchronizedList(new ArrayList<>());
            journal.subscribe(0, EventJournal.Interest.job("a"), ofA::add);
            journal.subscribe(0, EventJournal.Interest.everyJob(false), everyJob::add);
            journal.subscribe(0, EventJournal.Interest.everyJob(true), everyJobWithLines::add);
            EventJournal.Subscription cancelled = journal.subscribe(0, EventJournal.Interest.job("a"), cancelledEarly::add);
            assertThat(journal.subscriberCount()).isEqualTo(4);
            cancelled.cancel().run();
            assertThat(journal.subscriberCount()).isEqualTo(3);
            for (String job : List.of("a", "b")) {
                journal.append(event(job, "started"));
                journal.append(EventFacts.line(job, "r", "t", OutputStreamKind.STDOUT, 1, "hello"));
                journal.append(new ServerEvent(0, ServerEvent.TASK, job, "task", "{}"));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((everyJobWithLines.size() < 6 || ofA.size() < 3 || everyJob.size() < 4) && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling an observable count with a deadline
            }
            assertThat(seqs(everyJobWithLines)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(seqs(ofA)).containsExactly(1L, 2L, 3L);
            assertThat(seqs(everyJob)).containsExactly(1L, 3L, 4L, 6L);
            assertThat(cancelledEarly).isEmpty();
        }
    }

    @Test
    void aReaderReadsAtItsOwnPaceWhatItsInterestTakesAndLearnsWhenItReachesTheLatestOrFellOff() {
        try (EventJournal journal = new EventJournal(10)) {
            for (int i = 1; i <= 15; i++) {
                journal.append(i % 3 == 0 ? event("b", "k" + i) : EventFacts.line("a", "r", "t", OutputStreamKind.STDOUT, i, "l" + i));
            }
            // events 6..15 are kept
            assertThat(journal.oldestSeq()).isEqualTo(6);
            assertThat(journal.read(5, EventJournal.Interest.job("a"), 1_000, 100, () -> { }).fellOff()).isTrue();

            List<Boolean> atHead = new ArrayList<>();
            long oneLine = EventFacts.line("a", "r", "t", OutputStreamKind.STDOUT, 7, "l7").frameBytes();
            EventJournal.Read first = journal.read(6, EventJournal.Interest.job("a"), 2 * oneLine, 100, () -> atHead.add(true));
            assertThat(seqs(first.events())).containsExactly(7L, 8L); // 6 and 9 are b's; two lines fit
            assertThat(first.next()).as("after the last event looked at").isEqualTo(10);
            assertThat(atHead).isEmpty();
            EventJournal.Read scanLimited = journal.read(first.next(), EventJournal.Interest.job("a"), 1_000, 2, () -> atHead.add(true));
            assertThat(seqs(scanLimited.events())).containsExactly(10L, 11L); // looked at two only
            assertThat(scanLimited.next()).isEqualTo(12);
            assertThat(atHead).isEmpty();
            EventJournal.Read rest = journal.read(scanLimited.next(), EventJournal.Interest.job("a"), 1_000, 100, () -> atHead.add(true));
            assertThat(seqs(rest.events())).containsExactly(13L, 14L);
            assertThat(rest.next()).isEqualTo(16);
            assertThat(atHead).containsExactly(true);
            assertThat(seqs(journal.read(6, EventJournal.Interest.everyJob(false), 1_000, 100, () -> { }).events()))
                    .containsExactly(6L, 9L, 12L, 15L);
            // one event is read even if it alone is over the bound
            assertThat(journal.read(7, EventJournal.Interest.job("a"), 1, 100, () -> { }).events()).hasSize(1);
        }
    }
}
