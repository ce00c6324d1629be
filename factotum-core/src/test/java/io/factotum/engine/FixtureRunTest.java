package io.factotum.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample factfiles end to end with real processes (JobExecutor + ProcessTaskRunner). */
class FixtureRunTest {
    private static JobOutcome run(String fixture, ScheduleMode mode, RecordingListener listener) throws Exception {
        return new JobExecutor(new ProcessTaskRunner(), Clock.systemUTC())
                .start(JobPlan.of(Tasks.load(Tasks.testdata("factfiles/" + fixture)), Optional.empty()),
                        RunOptions.defaults().withMode(mode), listener)
                .await();
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void echoRunsInOrderAndCapturesEachTasksOutput(ScheduleMode mode) throws Exception {
        RecordingListener listener = new RecordingListener();
        JobOutcome outcome = run("echo.factfile", mode, listener);

        assertThat(outcome.tasks()).extracting(TaskSnapshot::taskName)
                .containsExactly("echo alpha", "echo beta", "echo omega");
        assertThat(outcome.tasks()).extracting(t -> t.result().flatMap(TaskResult::stdout).orElse(null))
                .containsExactly("alpha", "beta", "and omega!");
        assertThat(outcome.tasks()).allMatch(t -> t.state() == TaskState.SUCCEEDED);
        assertThat(listener.calls).containsExactly(
                "started:echo alpha", "line:echo alpha:STDOUT:alpha",
                "started:echo beta", "line:echo beta:STDOUT:beta",
                "started:echo omega", "line:echo omega:STDOUT:and omega!");
        assertThat(listener.describe()).containsExactly(
                "job null->WAITING",
                "job WAITING->RUNNING",
                "task echo alpha:WAITING->RUNNING",
                "task echo alpha:RUNNING->SUCCEEDED",
                "task echo beta:WAITING->RUNNING",
                "task echo beta:RUNNING->SUCCEEDED",
                "task echo omega:WAITING->RUNNING",
                "task echo omega:RUNNING->SUCCEEDED",
                "job RUNNING->SUCCEEDED");
        assertThat(outcome.exitCode()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void noopFinishesEarlyAndSkipsTheRest(ScheduleMode mode) throws Exception {
        RecordingListener listener = new RecordingListener();
        JobOutcome outcome = run("noop.factfile", mode, listener);

        assertThat(outcome.tasks()).extracting(TaskSnapshot::state)
                .containsExactly(TaskState.SUCCEEDED, TaskState.SUCCEEDED_NO_OP, TaskState.SKIPPED);
        assertThat(outcome.tasks().get(1).result()).map(TaskResult::returnCode).contains(99);
        assertThat(outcome.tasks().get(2).reason()).contains("the task 'exit' requested early termination");
        assertThat(outcome.finishedEarly()).isTrue();
        assertThat(outcome.noOpTasks()).containsExactly("exit");
        assertThat(outcome.notRunTasks()).containsExactly("this will never run!");
        assertThat(outcome.exitCode()).isZero();
        assertThat(listener.describe()).contains("task exit:RUNNING->SUCCEEDED_NO_OP, this will never run!:WAITING->SKIPPED");
        assertThat(listener.calls).doesNotContain("started:this will never run!");
        assertThat(List.copyOf(listener.events)).last().extracting(JobEvent::runState).isEqualTo(JobRunState.SUCCEEDED);
    }
}
