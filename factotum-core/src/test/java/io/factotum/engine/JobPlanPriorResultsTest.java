package io.factotum.engine;

import io.factotum.factfile.Factfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.factotum.engine.Tasks.factfile;
import static io.factotum.engine.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

/** A plan continuing an earlier run: kept results are not run again, the rest runs as usual. */
class JobPlanPriorResultsTest {
    /** a → b → d, a → c; e independent. */
    private static final Factfile GRAPH = factfile(task("a"), task("b", "a"), task("c", "a"), task("d", "b"),
            task("e"));

    private static TaskSnapshot done(String name, TaskState state, int code) {
        return new TaskSnapshot(name, state, Optional.empty(), Optional.of(Instant.EPOCH),
                Optional.of(TaskResult.of(code, "out of " + name, "", Duration.ofMillis(5))),
                Optional.empty(), Optional.empty());
    }

    private static JobOutcome run(JobPlan plan, FakeRunner runner, RecordingListener listener, ScheduleMode mode)
            throws Exception {
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .start(plan, RunOptions.defaults().withMode(mode), listener);
        listener.execution.complete(execution);
        return execution.await();
    }

    private static TaskSnapshot stateOf(JobOutcome outcome, String name) {
        return outcome.tasks().stream().filter(t -> t.taskName().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void keptSuccessesAreNotRunAgainAndTheRestRuns(ScheduleMode mode) throws Exception {
        JobPlan plan = JobPlan.of(GRAPH, Optional.empty()).withPriorResults(Map.of(
                "a", done("a", TaskState.SUCCEEDED, 0),
                "e", done("e", TaskState.SUCCEEDED, 0),
                // running when the earlier run stopped: no result, so it runs again
                "b", new TaskSnapshot("b", TaskState.RUNNING, Optional.empty(), Optional.of(Instant.EPOCH),
                        Optional.empty(), Optional.empty(), Optional.empty())));
        FakeRunner runner = new FakeRunner();
        RecordingListener listener = new RecordingListener();

        JobOutcome outcome = run(plan, runner, listener, mode);

        assertThat(runner.started).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(outcome.hasErrors()).isFalse();
        assertThat(stateOf(outcome, "a").result().orElseThrow().stdout()).contains("out of a");
        assertThat(listener.events.get(0).tasks()).filteredOn(t -> t.taskName().equals("a"))
                .singleElement().extracting(TaskSnapshot::state).isEqualTo(TaskState.SUCCEEDED);
        assertThat(listener.describe()).doesNotContain("task a:WAITING->RUNNING", "task e:WAITING->RUNNING")
                .endsWith("job RUNNING->SUCCEEDED");
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void aKeptNoOpStillPrunesItsDescendants(ScheduleMode mode) throws Exception {
        JobPlan plan = JobPlan.of(GRAPH, Optional.empty())
                .withPriorResults(Map.of("b", done("b", TaskState.SUCCEEDED_NO_OP, 3),
                        "a", done("a", TaskState.SUCCEEDED, 0)));
        FakeRunner runner = new FakeRunner();

        JobOutcome outcome = run(plan, runner, new RecordingListener(), mode);

        assertThat(runner.started).containsExactlyInAnyOrder("c", "e");
        assertThat(stateOf(outcome, "d").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(stateOf(outcome, "d").reason()).contains("the task 'b' requested early termination");
        assertThat(outcome.hasErrors()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void aKeptFailureKeepsTheJobFailedAndItsDescendantsSkipped(ScheduleMode mode) throws Exception {
        JobPlan plan = JobPlan.of(GRAPH, Optional.empty()).withPriorResults(Map.of(
                "a", done("a", TaskState.FAILED, 1)));
        FakeRunner runner = new FakeRunner();

        JobOutcome outcome = run(plan, runner, new RecordingListener(), mode);

        assertThat(runner.started).containsExactly("e");
        assertThat(outcome.failedTasks()).containsExactly("a");
        assertThat(stateOf(outcome, "d").reason()).contains("the task 'a' failed");
        assertThat(outcome.exitCode()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void skippedAndUnknownPriorEntriesAreIgnored(ScheduleMode mode) throws Exception {
        JobPlan plan = JobPlan.of(GRAPH, Optional.empty()).withPriorResults(Map.of(
                "d", new TaskSnapshot("d", TaskState.SKIPPED, Optional.of("the task 'b' failed"), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty()),
                "zzz", done("zzz", TaskState.SUCCEEDED, 0)));
        FakeRunner runner = new FakeRunner();

        run(plan, runner, new RecordingListener(), mode);

        assertThat(plan.priorResults()).isEmpty();
        assertThat(runner.started).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    }
}
