package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.engine.TaskState;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link RunHistory}, run against every backend. */
public abstract class RunHistoryContract extends StorageContractSupport {
    protected RunHistoryContract(boolean durableAcrossReopen) {
        super(durableAcrossReopen);
    }

    private static TaskRun succeeded(String name) {
        return new TaskRun(name, TaskState.SUCCEEDED, Optional.of(0), Optional.of(T0.plusMillis(5)),
                Optional.of(Duration.ofMillis(1234)), Optional.empty(), Optional.of("out\n"), Optional.empty());
    }

    private static TaskRun skipped(String name) {
        return new TaskRun(name, TaskState.SKIPPED, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("the previous task failed"), Optional.empty(), Optional.empty());
    }

    @Test
    void aRunStartsAndEndsInOneStoreStepEach() {
        StoredJob queued = enqueue("job");
        Claim claim = storage.queue().claimNext(NODE, Duration.ofSeconds(30)).orElseThrow();
        JobRun started = JobRun.started("job", "run-1", NODE, T0);

        StoredJob working = storage.startRun(queued, queued.entry().working(NODE), started);

        assertThat(storage.jobs().get("job")).contains(working);
        assertThat(working.entry().state()).isEqualTo(JobState.WORKING);
        assertThat(storage.runs().get("job", "run-1")).contains(started);

        JobRun finished = started.withTasks(List.of(succeeded("a"))).finished(RunOutcome.SUCCEEDED, T0.plusSeconds(2));
        StoredJob done = storage.finishRun(finished, working, working.entry().done(RunOutcome.SUCCEEDED, NODE), claim);

        assertThat(storage.jobs().get("job")).contains(done);
        assertThat(done.entry().state()).isEqualTo(JobState.DONE);
        assertThat(storage.runs().runs("job")).containsExactly(finished);
        assertThat(storage.queue().claimsOf(NODE)).isEmpty();
    }

    @Test
    void aRunStepOnAStaleEntryLeavesTheEntryAndTheClaim() {
        StoredJob queued = enqueue("job");
        Claim claim = storage.queue().claimNext(NODE, Duration.ofSeconds(30)).orElseThrow();
        StoredJob changed = storage.jobs().update(queued, queued.entry().working("elsewhere"));
        JobRun run = JobRun.started("job", "run-1", NODE, T0);

        assertThatThrownBy(() -> storage.startRun(queued, queued.entry().working(NODE), run))
                .isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> storage.finishRun(run.finished(RunOutcome.FAILED, T0), queued,
                queued.entry().done(RunOutcome.FAILED, NODE), claim))
                .isInstanceOf(VersionConflictException.class);

        assertThat(storage.jobs().get("job")).contains(changed);
        assertThat(storage.queue().claimsOf(NODE)).containsExactly(claim);
    }

    @Test
    void progressIsVisibleAtOnce() {
        JobRun run = JobRun.started("job", "run-1", NODE, T0).withTasks(List.of(succeeded("a")));
        storage.runs().saveProgress(run);
        assertThat(storage.runs().get("job", "run-1")).contains(run);
    }

    @Test
    void aRunIsStoredAndReplacedByReference() {
        JobRun started = JobRun.started("job", "run-1", NODE, T0);
        storage.runs().save(started);
        assertThat(storage.runs().get("job", "run-1")).contains(started);

        JobRun finished = started.withTasks(List.of(succeeded("a"), skipped("b")))
                .finished(RunOutcome.TIMED_OUT, T0.plusSeconds(90));
        storage.runs().save(finished);

        assertThat(storage.runs().get("job", "run-1")).contains(finished);
        assertThat(storage.runs().runs("job")).containsExactly(finished);
        assertThat(storage.runs().get("job", "run-2")).isEmpty();
        assertThat(storage.runs().get("other", "run-1")).isEmpty();
    }

    @Test
    void theRunsOfAJobComeOldestFirst() {
        JobRun second = JobRun.started("job", "zzz", NODE, T0.plusSeconds(60)).finished(RunOutcome.CANCELLED, T0.plusSeconds(61));
        JobRun first = JobRun.started("job", "yyy", NODE, T0).finished(RunOutcome.FAILED, T0.plusSeconds(1));
        JobRun third = JobRun.started("job", "aaa", "node-b", T0.plusSeconds(120));
        JobRun elsewhere = JobRun.started("jobb", "bbb", NODE, T0);
        storage.runs().save(second);
        storage.runs().save(third);
        storage.runs().save(elsewhere);
        storage.runs().save(first);

        assertThat(storage.runs().runs("job")).containsExactly(first, second, third);
        assertThat(storage.runs().runs("jobb")).containsExactly(elsewhere);
        assertThat(storage.runs().runs("jo")).isEmpty();
    }

    @Test
    void theLatestStartOfEachJobIsReadForManyJobsAtOnce() {
        storage.runs().save(JobRun.started("job", "zzz", NODE, T0.plusSeconds(60)).finished(RunOutcome.FAILED, T0.plusSeconds(61)));
        storage.runs().save(JobRun.started("job", "aaa", NODE, T0.plusSeconds(120)));
        storage.runs().save(JobRun.started("job", "mmm", NODE, T0));
        // a large output after the start time does not get in the way
        TaskRun loud = new TaskRun("a", TaskState.SUCCEEDED, Optional.of(0), Optional.of(T0), Optional.of(Duration.ZERO),
                Optional.empty(), Optional.of(largeText(1_048_576)), Optional.empty());
        storage.runs().save(JobRun.started(UNICODE, "r", NODE, T0.plusNanos(7)).withTasks(List.of(loud)));
        storage.runs().save(JobRun.started("jobb", "bbb", NODE, T0.plusSeconds(5)));

        assertThat(storage.runs().latestStarts(List.of("job", UNICODE, "jo", "never")))
                .isEqualTo(java.util.Map.of("job", T0.plusSeconds(120), UNICODE, T0.plusNanos(7)));
        assertThat(storage.runs().latestStarts(List.of())).isEmpty();
    }

    @Test
    void theLatestStartsOfAPageOfJobsAreReadWhateverItsSize() {
        java.util.Map<String, java.time.Instant> expected = new java.util.HashMap<>();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) { // more than a store may read in one step (Consul: 64 per transaction)
            String id = "page-job-" + i;
            ids.add(id);
            if (i % 3 != 0) {
                storage.runs().save(JobRun.started(id, "r" + i, NODE, T0.plusSeconds(i)));
                expected.put(id, T0.plusSeconds(i));
            }
        }
        assertThat(storage.runs().latestStarts(ids)).isEqualTo(expected);
    }

    @Test
    void largeAndUnicodeOutputsAreKeptExactly() {
        String large = largeText(1_048_576);
        TaskRun task = new TaskRun(UNICODE, TaskState.FAILED, Optional.of(-1), Optional.of(T0), Optional.of(Duration.ZERO),
                Optional.of(UNICODE), Optional.of(large), Optional.of(UNICODE));
        JobRun run = JobRun.started(UNICODE, UNICODE, UNICODE, T0).withTasks(List.of(task))
                .finished(RunOutcome.FAILED, T0.plusNanos(1));

        storage.runs().save(run);

        assertThat(storage.runs().get(UNICODE, UNICODE)).contains(run);
        assertThat(storage.runs().runs(UNICODE)).containsExactly(run);
    }

    @Test
    void runsSurviveAReopen() throws Exception {
        JobRun run = JobRun.started("job", "run-1", NODE, T0).withTasks(List.of(succeeded("a"), skipped("b")))
                .finished(RunOutcome.SUCCEEDED, T0.plusSeconds(3));
        storage.runs().save(run);

        reopen();

        assertThat(storage.runs().runs("job")).containsExactly(run);
    }
}
