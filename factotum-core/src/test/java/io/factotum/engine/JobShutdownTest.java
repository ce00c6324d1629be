package io.factotum.engine;

import io.factotum.factfile.Factfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.factotum.engine.Tasks.factfile;
import static io.factotum.engine.Tasks.shell;
import static org.assertj.core.api.Assertions.assertThat;

/** Spec 4.8 with real processes: TERM, grace period, KILL of whole trees, remaining groups skipped. */
class JobShutdownTest {
    private static final String READY = "Task started, will ignore SIGTERM...";

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void termIgnoringGrandchildIsKilledAfterTheGracePeriodAndNothingSurvives(ScheduleMode mode) throws Exception {
        // The fixture runs `sh -c "sh -c \"trap '' TERM; ...; sleep 30\""`: the outer shell dies on TERM,
        // the inner one and its sleep ignore it and must be killed from the tree snapshot.
        Factfile f = Tasks.load(Tasks.testdata("factfiles/sigterm-resistant.factfile"));
        CountDownLatch ready = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onLine(String taskName, OutputStreamKind stream, String line) {
                super.onLine(taskName, stream, line);
                if (line.equals(READY)) {
                    ready.countDown();
                }
            }
        };
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        JobExecution execution = new JobExecutor(new ProcessTaskRunner(), Clock.systemUTC()).start(
                JobPlan.of(f, Optional.empty()),
                RunOptions.defaults().withMode(mode).withGracePeriod(Duration.ofMillis(300)), listener);
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("task printed its first line").isTrue();
        // The run's processes: not those of other tests, e.g. a scheduler node's task watchdog.
        List<ProcessHandle> tree = ProcessHandle.current().descendants().filter(p -> !before.contains(p)).toList();
        assertThat(tree).as("sh, sh and sleep").hasSizeGreaterThanOrEqualTo(2);

        execution.requestShutdown();
        JobOutcome outcome = execution.await();

        for (ProcessHandle process : tree) {
            process.onExit().get(30, TimeUnit.SECONDS);
            assertThat(process.isAlive()).as("process %d of the run", process.pid()).isFalse();
        }
        assertThat(listener.calls).containsSubsequence("shutdown-started:1", "force-kill:1");
        assertThat(outcome.shutdownRequested()).isTrue();
        TaskSnapshot killed = outcome.tasks().get(0);
        assertThat(killed.taskName()).isEqualTo("IgnoresSIGTERM");
        assertThat(killed.state()).isEqualTo(TaskState.FAILED);
        assertThat(killed.result()).hasValueSatisfying(r -> {
            assertThat(r.returnCode()).isEqualTo(1);
            assertThat(r.stdout()).contains(READY);
        });
        TaskSnapshot next = outcome.tasks().get(1);
        assertThat(next.state()).isEqualTo(TaskState.SKIPPED);
        assertThat(next.reason()).contains("the task 'IgnoresSIGTERM' failed");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(listener.describe()).endsWith("job RUNNING->FAILED");
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void tasksThatStopOnTermEndWithoutForceKillAndLaterGroupsStayWaiting(ScheduleMode mode) throws Exception {
        Factfile f = factfile(
                Tasks.withMapping(shell("sleeper", "echo up; sleep 30"), List.of(), List.of(0, 1)),
                shell("later", "echo later", "sleeper"));
        CountDownLatch up = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onLine(String taskName, OutputStreamKind stream, String line) {
                up.countDown();
            }
        };
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        JobExecution execution = new JobExecutor(new ProcessTaskRunner(), Clock.systemUTC()).start(
                JobPlan.of(f, Optional.empty()),
                RunOptions.defaults().withMode(mode).withGracePeriod(Duration.ofSeconds(60)), listener);
        assertThat(up.await(30, TimeUnit.SECONDS)).isTrue();
        execution.requestShutdown();
        JobOutcome outcome = execution.await();

        // Ending before the 60 s grace shows the wait stops as soon as the tree is gone.
        assertThat(listener.calls).contains("shutdown-started:1", "remaining-groups-skipped")
                .doesNotContain("force-kill:1");
        assertThat(outcome.tasks()).extracting(TaskSnapshot::state)
                .containsExactly(TaskState.SUCCEEDED, TaskState.WAITING);
        assertThat(outcome.notRunTasks()).containsExactly("later");
        assertThat(outcome.exitCode()).isZero();
    }
}
