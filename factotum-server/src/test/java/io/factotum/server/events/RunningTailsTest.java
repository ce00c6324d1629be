package io.factotum.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.TaskState;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The running tasks' latest lines, kept as they are appended, show a late client what walking the
 * journal back shows it (ReplayWalkTest holds the walk to the full scan), at the cost of the lines shown.
 */
class RunningTailsTest {
    private static final String RUN = "r1";

    private static ServerEvent line(String job, String run, String task, int n, int length) {
        return new ServerEvent(0, ServerEvent.OUTPUT, job, "line|" + run + "|" + task.length() + ":" + task + "|stdout|" + n,
                "{\"line\":\"" + "x".repeat(length) + n + "\"}");
    }

    private static TaskRun task(String name, TaskState state) {
        return new TaskRun(name, state, Optional.empty(), Optional.of(Instant.EPOCH), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void theKeptLinesAreTheOnesTheJournalWalkFindsAtEveryMomentAndBound() {
        try (EventJournal journal = new EventJournal(100_000)) {
            RunningTails tails = new RunningTails(300);
            Random random = new Random(7);
            journal.append(new ServerEvent(0, ServerEvent.JOB, "a", "started|" + RUN, "{}"));
            for (String task : List.of("t1", "t2", "quiet")) {
                tails.started("a", RUN, task); // the feed is told each task's RUNNING
            }
            int compared = 0;
            for (int i = 1; i <= 3_000; i++) {
                String task = random.nextInt(10) == 0 ? "t2" : "t1"; // a loud task and a quieter one
                tails.line(journal.append(line("a", RUN, task, i, random.nextInt(200))), RUN, task);
                if (i % 7 == 0) {
                    tails.line(journal.append(line("b", "r9", "t1", i, 10)), "r9", "t1"); // another job
                }
                if (i == 50) {
                    tails.line(journal.append(line("a", RUN, "done", 1, 5)), RUN, "done");
                    tails.finished("a", RUN, "done"); // its output is in the store
                }
                if (i == 1 || i == 100 || i == 1_500 || i == 3_000) {
                    // a client subscribes now: its position is the journal's latest event
                    JobRun run = JobRun.started("a", RUN, "n", Instant.EPOCH).withTasks(List.of(
                            task("t1", TaskState.RUNNING), task("t2", TaskState.RUNNING), task("quiet", TaskState.RUNNING),
                            task("done", i > 50 ? TaskState.SUCCEEDED : TaskState.WAITING), task("later", TaskState.WAITING)));
                    List<String> running = List.of("t1", "t2", "quiet");
                    List<String> finished = i > 50 ? List.of("done") : List.of();
                    long position = journal.lastSeq();
                    for (long bytes : new long[] {0, 3_000, 60_000, Long.MAX_VALUE}) {
                        List<ServerEvent> walked = StoredJobEvents.runningOutput(run, journal, position, "a", 300, bytes);
                        assertThat(tails.latest("a", RUN, running, finished, position, bytes))
                                .as("after line %d, %d bytes", i, bytes).contains(walked);
                        compared += walked.size();
                    }
                }
            }
            assertThat(compared).as("lines compared").isGreaterThan(1_000);
        }
    }

    @Test
    void aTaskTheStoreListsAsRunningButThatIsNotKeptSendsTheCallerToTheJournal() {
        RunningTails tails = new RunningTails(10);
        tails.started("a", RUN, "t1");
        tails.line(line("a", RUN, "t1", 1, 1).withSeq(1), RUN, "t1");
        assertThat(tails.latest("a", RUN, List.of("t1"), List.of(), 10, Long.MAX_VALUE)).get().asList().hasSize(1);
        // finished here, while the store still said RUNNING when the client read it
        tails.finished("a", RUN, "t1");
        assertThat(tails.latest("a", RUN, List.of("t1"), List.of(), 10, Long.MAX_VALUE)).isEmpty();
        // the store lists a task this node has not seen start yet (the store is written first)
        assertThat(tails.latest("a", RUN, List.of("t2"), List.of(), 10, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void eachTaskKeepsItsLatestLinesOnlyAndAJobsAreForgottenWhenItIsDone() {
        RunningTails tails = new RunningTails(3);
        for (int i = 1; i <= 10; i++) {
            tails.line(line("a", RUN, "t1", i, 1).withSeq(i), RUN, "t1");
        }
        assertThat(tails.latest("a", RUN, List.of("t1"), List.of(), 100, Long.MAX_VALUE)).get().asList()
                .extracting(e -> ((ServerEvent) e).seq()).containsExactly(8L, 9L, 10L);
        // lines of an earlier run are not this run's
        assertThat(tails.latest("a", "r0", List.of(), List.of(), 100, Long.MAX_VALUE)).get().asList().isEmpty();
        tails.jobFinished("a");
        assertThat(tails.jobCount()).isZero();
    }
}
