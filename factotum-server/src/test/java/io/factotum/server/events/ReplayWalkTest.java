package io.factotum.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.TaskState;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bounded replay that keeps slow subscribers cheap (docs/benchmarks.md) must show a late client
 * exactly what the full scan showed: the journal's chunked walk back, and the running output read
 * through it, against the same computed over the whole kept list.
 */
class ReplayWalkTest {
    private static final String RUN = "r1";

    @Test
    void theWalkBackSeesEveryKeptEventUpToThePositionNewestFirst() {
        try (EventJournal journal = new EventJournal(3_000)) {
            for (int i = 0; i < 5_000; i++) {
                journal.append(new ServerEvent(0, ServerEvent.JOB, "j" + i % 3, "k" + i, "{}"));
            }
            for (long upTo : new long[] {journal.lastSeq(), 4_000, 2_100, 1_500}) {
                List<ServerEvent> expected = new ArrayList<>(journal.kept(0, e -> e.seq() <= upTo));
                Collections.reverse(expected);
                List<ServerEvent> walked = new ArrayList<>();
                journal.walkBack(upTo, walked::add);
                assertThat(walked).as("up to %d", upTo).isEqualTo(expected);
            }
            List<ServerEvent> firstTen = new ArrayList<>();
            journal.walkBack(journal.lastSeq(), e -> firstTen.add(e) && firstTen.size() < 10);
            assertThat(firstTen).extracting(ServerEvent::seq).startsWith(5_000L, 4_999L).hasSize(10);
        }
    }

    @Test
    void theRunningOutputReadThroughTheJournalIsTheOneTheFullScanGives() {
        try (EventJournal journal = new EventJournal(100_000)) {
            for (int i = 0; i < 3_000; i++) {
                journal.append(line("other", "r0", "t1", i)); // an earlier job's lines
            }
            journal.append(new ServerEvent(0, ServerEvent.JOB, "a", "started|" + RUN, "{}"));
            for (int i = 1; i <= 2_500; i++) {
                journal.append(line("a", RUN, "t1", i));
                if (i % 5 == 0) {
                    journal.append(line("a", RUN, "t2", i / 5)); // a quieter task: fewer lines than the bound
                }
                if (i <= 10) {
                    journal.append(line("a", RUN, "done", i)); // finished: its output comes from the store
                }
                journal.append(line("b", "r9", "t1", i));
            }
            JobRun run = JobRun.started("a", RUN, "n", Instant.EPOCH).withTasks(List.of(task("t1", TaskState.RUNNING),
                    task("t2", TaskState.RUNNING), task("done", TaskState.SUCCEEDED), task("later", TaskState.WAITING)));
            List<ServerEvent> kept = journal.kept(0, e -> e.jobId().equals("a"));
            for (int bound : new int[] {1, 100, 1_000, 10_000}) {
                for (long bytes : new long[] {0, 5_000, 100_000, Long.MAX_VALUE}) {
                    assertThat(StoredJobEvents.runningOutput(run, journal, journal.lastSeq(), "a", bound, bytes))
                            .as("bound %d, %d bytes", bound, bytes)
                            .isEqualTo(StoredJobEvents.runningOutput(run, kept, bound, bytes));
                }
            }
            // a run whose stored record lists no task yet: every task's lines of the run, up to the bound
            JobRun justStarted = JobRun.started("a", RUN, "n", Instant.EPOCH);
            assertThat(StoredJobEvents.runningOutput(justStarted, journal, journal.lastSeq(), "a", 100, Long.MAX_VALUE))
                    .isEqualTo(StoredJobEvents.runningOutput(justStarted, journal.kept(0, e -> e.jobId().equals("a")), 100, Long.MAX_VALUE))
                    .hasSize(210); // t1 and t2 up to the bound, and the 10 lines of "done", which it does not know finished
        }
    }

    private static ServerEvent line(String job, String run, String task, int n) {
        return new ServerEvent(0, ServerEvent.OUTPUT, job, "line|" + run + "|" + task.length() + ":" + task + "|stdout|" + n,
                "{\"line\":\"" + n + "\"}");
    }

    private static TaskRun task(String name, TaskState state) {
        return new TaskRun(name, state, Optional.empty(), Optional.of(Instant.EPOCH), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
