package io.factotum.engine;

import io.factotum.factfile.Factfile;
import io.factotum.factfile.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.factotum.engine.RecordingListener.transition;
import static io.factotum.engine.Tasks.factfile;
import static io.factotum.engine.Tasks.task;
import static io.factotum.engine.Tasks.withMapping;
import static org.assertj.core.api.Assertions.assertThat;

/** Checklist "Task list / executor" (spec 8) and the run semantics of spec 4.3, 4.6, 4.7, 5.1. */
class JobExecutorTest {
    private static JobOutcome run(Factfile f, FakeRunner runner, RecordingListener listener, RunOptions options)
            throws Exception {
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .start(JobPlan.of(f, Optional.empty()), options, listener);
        listener.execution.complete(execution);
        return execution.await();
    }

    private static JobOutcome run(Factfile f, FakeRunner runner, RecordingListener listener) throws Exception {
        return run(f, runner, listener, RunOptions.defaults());
    }

    private static TaskSnapshot snapshot(JobOutcome outcome, String task) {
        return outcome.tasks().stream().filter(t -> t.taskName().equals(task)).findFirst().orElseThrow();
    }

    @Test
    void aRunStartedOnAwaitIsCoordinatedByTheWaitingThread() throws Exception {
        FakeRunner runner = new FakeRunner();
        List<Thread> emitters = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(JobEvent event) {
                emitters.add(Thread.currentThread());
                super.onEvent(event);
            }
        };
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .startOnAwait(JobPlan.of(factfile(task("apple"), task("turnip", "apple")), Optional.empty()),
                        RunOptions.defaults(), listener);

        // Nothing happens until someone waits: no thread of its own.
        assertThat(listener.events).isEmpty();
        assertThat(runner.started).isEmpty();

        JobOutcome outcome = execution.await();

        assertThat(outcome.exitCode()).isZero();
        assertThat(runner.started).containsExactly("apple", "turnip");
        assertThat(emitters).hasSize(7).containsOnly(Thread.currentThread());
    }

    @Test
    void aRunStoppedBeforeItsWaitStartsNoTask() throws Exception {
        FakeRunner runner = new FakeRunner();
        RecordingListener listener = new RecordingListener();
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .startOnAwait(JobPlan.of(factfile(task("apple")), Optional.empty()), RunOptions.defaults(), listener);

        execution.requestShutdown();
        JobOutcome outcome = execution.await();

        assertThat(outcome.shutdownRequested()).isTrue();
        assertThat(runner.started).isEmpty();
        assertThat(listener.calls).containsExactly("remaining-groups-skipped");
        assertThat(snapshot(outcome, "apple").state()).isEqualTo(TaskState.WAITING);
    }

    @Test
    void successEventsInSpecOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        JobOutcome outcome = run(factfile(task("apple"), task("turnip", "apple")), new FakeRunner(), listener);

        assertThat(listener.describe()).containsExactly(
                "job null->WAITING",
                "job WAITING->RUNNING",
                "task apple:WAITING->RUNNING",
                "task apple:RUNNING->SUCCEEDED",
                "task turnip:WAITING->RUNNING",
                "task turnip:RUNNING->SUCCEEDED",
                "job RUNNING->SUCCEEDED");
        assertThat(listener.events).extracting(JobEvent::runState).containsExactly(JobRunState.WAITING,
                JobRunState.RUNNING, JobRunState.RUNNING, JobRunState.RUNNING, JobRunState.RUNNING,
                JobRunState.RUNNING, JobRunState.SUCCEEDED);
        assertThat(listener.events).noneMatch(JobEvent::heartbeat);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.executedCount()).isEqualTo(2);
        assertThat(outcome.totalTaskDuration()).isEqualTo(Duration.ofMillis(20));
        assertThat(listener.calls).containsExactly("started:apple", "started:turnip");
    }

    @Test
    void firstEventIsStartedWithEveryTaskWaitingAndNoResult() throws Exception {
        RecordingListener listener = new RecordingListener();
        run(factfile(task("apple"), task("turnip"), task("egg", "apple")), new FakeRunner(), listener);

        JobEvent first = listener.events.get(0);
        assertThat(first.jobTransition()).contains(new JobTransition(null, JobRunState.WAITING));
        assertThat(first.taskTransitions()).isEmpty();
        assertThat(first.tasks()).hasSize(3).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TaskState.WAITING);
            assertThat(t.result()).isEmpty();
            assertThat(t.started()).isEmpty();
            assertThat(t.reason()).isEmpty();
        });
    }

    @Test
    void snapshotsListEveryTaskInGroupOrderOnEveryEvent() throws Exception {
        RecordingListener listener = new RecordingListener();
        Factfile f = JobPlanTest.apples();
        run(f, new FakeRunner().exit("turnip", 3), listener);

        assertThat(listener.events).allSatisfy(e -> assertThat(e.tasks()).extracting(TaskSnapshot::taskName)
                .containsExactly("turnip", "apple", "egg", "orange", "potato", "chicken"));
        // Snapshots are copies: the first event still shows the state at its time.
        assertThat(listener.events.get(0).tasks()).allMatch(t -> t.state() == TaskState.WAITING);
        TaskSnapshot turnip = listener.events.get(listener.events.size() - 1).tasks().get(0);
        assertThat(turnip.result()).map(TaskResult::returnCode).contains(3);
        assertThat(turnip.started()).isPresent();
    }

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void anEmptyJobStillReportsItsStart(ScheduleMode mode) throws Exception {
        // Factotum 0.7.0's sequencer yields one empty group for "tasks": [], and reports its start (spec 5.1).
        RecordingListener listener = new RecordingListener();
        JobOutcome outcome = run(factfile(), new FakeRunner(), listener, RunOptions.defaults().withMode(mode));

        assertThat(listener.describe()).containsExactly(
                "job null->WAITING",
                "job WAITING->RUNNING",
                "job RUNNING->SUCCEEDED");
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void failureSkipsDescendantsAndSendsThreeJobAndTwoTaskEvents() throws Exception {
        RecordingListener listener = new RecordingListener();
        JobOutcome outcome = run(factfile(task("apple"), task("turnip", "apple")),
                new FakeRunner().exit("apple", 1), listener);

        assertThat(listener.describe()).containsExactly(
                "job null->WAITING",
                "job WAITING->RUNNING",
                "task apple:WAITING->RUNNING",
                "task apple:RUNNING->FAILED, turnip:WAITING->SKIPPED",
                "job RUNNING->FAILED");
        assertThat(snapshot(outcome, "apple").reason()).contains(
                "the task exited with a value not specified in continue_job - 1 (task expects one of the following return codes to continue [0])");
        assertThat(snapshot(outcome, "turnip").reason()).contains("the task 'apple' failed");
        assertThat(snapshot(outcome, "turnip").result()).isEmpty();
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.failedTasks()).containsExactly("apple");
        assertThat(outcome.notRunTasks()).containsExactly("turnip");
        assertThat(listener.events.get(listener.events.size() - 1).runState()).isEqualTo(JobRunState.FAILED);
    }

    @Test
    void failureReasonListsTheContinueCodes() throws Exception {
        RecordingListener listener = new RecordingListener();
        TaskSpec picky = withMapping(task("picky"), List.of(), List.of(1));
        TaskSpec several = withMapping(task("several"), List.of(3), List.of(0, 2));
        JobOutcome outcome = run(factfile(picky, several), new FakeRunner().exit("several", 5), listener);

        assertThat(snapshot(outcome, "picky").reason()).contains(
                "the task exited with a value not specified in continue_job - 0 (task expects one of the following return codes to continue [1])");
        assertThat(snapshot(outcome, "several").reason()).contains(
                "the task exited with a value not specified in continue_job - 5 (task expects one of the following return codes to continue [0,2])");
    }

    @Test
    void noOpSkipsOnlyDescendantsAndTheJobSucceeds() throws Exception {
        RecordingListener listener = new RecordingListener();
        TaskSpec apple = withMapping(task("apple"), List.of(3), List.of(0));
        FakeRunner runner = new FakeRunner().exit("apple", 3);
        JobOutcome outcome = run(factfile(apple, task("turnip"), task("egg", "apple"), task("milk", "turnip")),
                runner, listener);

        // Level 0 is [turnip, apple]; completion order is not fixed, so check each event by content.
        assertThat(listener.describe()).contains(
                "task apple:RUNNING->SUCCEEDED_NO_OP, egg:WAITING->SKIPPED",
                "task turnip:RUNNING->SUCCEEDED",
                "task milk:WAITING->RUNNING",
                "task milk:RUNNING->SUCCEEDED");
        assertThat(listener.describe()).hasSize(8).startsWith("job null->WAITING", "job WAITING->RUNNING",
                "task turnip:WAITING->RUNNING, apple:WAITING->RUNNING").endsWith("job RUNNING->SUCCEEDED");
        assertThat(snapshot(outcome, "egg").reason()).contains("the task 'apple' requested early termination");
        assertThat(runner.started).doesNotContain("egg");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.finishedEarly()).isTrue();
        assertThat(outcome.noOpTasks()).containsExactly("apple");
        assertThat(outcome.notRunTasks()).containsExactly("egg");
    }

    @Test
    void skipReasonsAccumulateWithSkippedToSkippedTransitionsInTaskListOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().exit("apple", 1).exit("turnip", 1).hold("apple").hold("turnip");
        Factfile f = factfile(task("apple"), task("turnip"), task("potato", "apple", "turnip"), task("chicken", "potato"));
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .start(JobPlan.of(f, Optional.empty()), RunOptions.defaults(), listener);
        listener.awaitEvent(transition("apple", TaskState.RUNNING));
        runner.release("apple");
        listener.awaitEvent(transition("apple", TaskState.FAILED));
        runner.release("turnip");
        JobOutcome outcome = execution.await();

        assertThat(listener.describe()).containsExactly(
                "job null->WAITING",
                "job WAITING->RUNNING",
                "task turnip:WAITING->RUNNING, apple:WAITING->RUNNING",
                "task apple:RUNNING->FAILED, potato:WAITING->SKIPPED, chicken:WAITING->SKIPPED",
                "task turnip:RUNNING->FAILED, potato:SKIPPED->SKIPPED, chicken:SKIPPED->SKIPPED",
                "job RUNNING->FAILED");
        assertThat(snapshot(outcome, "potato").reason()).contains("the task 'apple' failed, the task 'turnip' failed");
        assertThat(snapshot(outcome, "chicken").reason()).contains("the task 'apple' failed, the task 'turnip' failed");
        assertThat(runner.started).containsExactly("turnip", "apple");
        assertThat(outcome.failedTasks()).containsExactly("turnip", "apple");
    }

    @Test
    void earlyTerminationReasonsAccumulateToo() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().exit("apple", 3).exit("turnip", 3).hold("apple").hold("turnip");
        Factfile f = factfile(withMapping(task("apple"), List.of(3), List.of(0)),
                withMapping(task("turnip"), List.of(3), List.of(0)), task("potato", "apple", "turnip"));
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .start(JobPlan.of(f, Optional.empty()), RunOptions.defaults(), listener);
        listener.awaitEvent(transition("apple", TaskState.RUNNING));
        runner.release("apple");
        listener.awaitEvent(transition("apple", TaskState.SUCCEEDED_NO_OP));
        runner.release("turnip");
        JobOutcome outcome = execution.await();

        assertThat(snapshot(outcome, "potato").reason()).contains(
                "the task 'apple' requested early termination, the task 'turnip' requested early termination");
        assertThat(listener.describe()).contains("task turnip:RUNNING->SUCCEEDED_NO_OP, potato:SKIPPED->SKIPPED");
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void resultsAreHandledInCompletionOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().hold("a").hold("b");
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .start(JobPlan.of(factfile(task("a"), task("b")), Optional.empty()), RunOptions.defaults(), listener);
        listener.awaitEvent(transition("a", TaskState.RUNNING));
        runner.release("a");
        listener.awaitEvent(transition("a", TaskState.SUCCEEDED));
        runner.release("b");
        execution.await();
        assertThat(listener.describe()).containsSubsequence("task a:RUNNING->SUCCEEDED", "task b:RUNNING->SUCCEEDED");
    }

    @Test
    void siblingsAndUnrelatedBranchesKeepRunningAfterAFailure() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().exit("apple", 1);
        JobOutcome outcome = run(JobPlanTest.apples(), runner, listener);
        assertThat(outcome.tasks()).extracting(TaskSnapshot::state).containsExactly(TaskState.SUCCEEDED,
                TaskState.FAILED, TaskState.SKIPPED, TaskState.SKIPPED, TaskState.SKIPPED, TaskState.SKIPPED);
        assertThat(runner.started).containsExactlyInAnyOrder("turnip", "apple");
    }

    @Test
    void aLevelWaitsForTheWholePreviousLevel() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().hold("slow");
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC()).start(
                JobPlan.of(factfile(task("slow"), task("fast"), task("child", "fast")), Optional.empty()),
                RunOptions.defaults(), listener);
        listener.awaitEvent(transition("fast", TaskState.SUCCEEDED));
        assertThat(runner.started).doesNotContain("child");
        runner.release("slow");
        execution.await();
        assertThat(listener.describe()).containsSubsequence("task slow:RUNNING->SUCCEEDED", "task child:WAITING->RUNNING");
    }

    @Test
    void eagerModeStartsATaskAsSoonAsItsParentsAreDone() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().hold("slow");
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC()).start(
                JobPlan.of(factfile(task("slow"), task("fast"), task("child", "fast")), Optional.empty()),
                RunOptions.defaults().withMode(ScheduleMode.EAGER), listener);
        listener.awaitEvent(transition("child", TaskState.SUCCEEDED));
        assertThat(runner.started).containsExactlyInAnyOrder("fast", "slow", "child");
        runner.release("slow");
        JobOutcome outcome = execution.await();
        assertThat(outcome.tasks()).allMatch(t -> t.state() == TaskState.SUCCEEDED);
        assertThat(listener.describe()).startsWith("job null->WAITING", "job WAITING->RUNNING",
                "task fast:WAITING->RUNNING, slow:WAITING->RUNNING").endsWith("job RUNNING->SUCCEEDED");
    }

    @Test
    void startTaskRunsOnlyItsSubTree() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner();
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC())
                .start(JobPlan.of(JobPlanTest.apples(), Optional.of("turnip")), RunOptions.defaults(), listener);
        JobOutcome outcome = execution.await();
        assertThat(outcome.tasks()).extracting(TaskSnapshot::taskName).containsExactly("turnip");
        assertThat(runner.started).containsExactly("turnip");
    }

    @Test
    void eagerModeWithAStartTaskIgnoresParentsOutsideThePlan() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner();
        JobOutcome outcome = new JobExecutor(runner, Clock.systemUTC())
                .start(JobPlan.of(factfile(task("a"), task("b", "a"), task("c", "b"), task("d", "a")),
                        Optional.of("b")), RunOptions.defaults().withMode(ScheduleMode.EAGER), listener)
                .await();
        assertThat(outcome.tasks()).extracting(TaskSnapshot::taskName).containsExactly("b", "c");
        assertThat(outcome.tasks()).allMatch(t -> t.state() == TaskState.SUCCEEDED);
        assertThat(runner.started).containsExactly("b", "c");
    }

    @Test
    void callbackRunnersNeedNoWaitingThread() throws Exception {
        RecordingListener listener = new RecordingListener();
        JobOutcome outcome = run(JobPlanTest.apples(), new FakeRunner(true).exit("egg", 9), listener);
        assertThat(outcome.failedTasks()).containsExactly("egg");
        assertThat(outcome.notRunTasks()).containsExactly("potato", "chicken");
    }

    @Test
    void heartbeatsCarryRunningTasksAndTheirLiveOutput() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().hold("busy").prints("busy", "one", "two");
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC()).start(
                JobPlan.of(factfile(task("busy"), task("quick")), Optional.empty()),
                RunOptions.defaults().withHeartbeatInterval(Duration.ofMillis(5)), listener);
        JobEvent quickDone = listener.awaitEvent(transition("quick", TaskState.SUCCEEDED));
        JobEvent beat = listener.awaitEvent(JobEvent::heartbeat);
        runner.release("busy");
        execution.await();

        assertThat(beat.runState()).isEqualTo(JobRunState.RUNNING);
        assertThat(beat.jobTransition()).isEmpty();
        assertThat(beat.taskTransitions()).contains(new TaskTransition("busy", TaskState.RUNNING, TaskState.RUNNING));
        TaskSnapshot busy = beat.tasks().stream().filter(t -> t.taskName().equals("busy")).findFirst().orElseThrow();
        assertThat(busy.liveStdout()).contains("one\ntwo");
        assertThat(busy.liveStderr()).isEmpty();
        // Completion events carry the live output of the tasks still running, too.
        assertThat(quickDone.heartbeat()).isFalse();
        assertThat(quickDone.tasks()).filteredOn(t -> t.taskName().equals("busy"))
                .singleElement().satisfies(t -> assertThat(t.liveStdout()).contains("one\ntwo"));
        JobEvent last = listener.events.get(listener.events.size() - 1);
        assertThat(last.jobTransition()).map(JobTransition::current).contains(JobRunState.SUCCEEDED);
        assertThat(last.tasks()).allSatisfy(t -> assertThat(t.liveStdout()).isEmpty());
        assertThat(listener.calls).contains("line:busy:STDOUT:one", "line:busy:STDOUT:two");
    }

    @Test
    void withoutHeartbeatsThereIsNoLiveOutput() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().prints("a", "x");
        run(factfile(task("a")), runner, listener);
        assertThat(listener.events).allSatisfy(e -> assertThat(e.tasks()).allMatch(t -> t.liveStdout().isEmpty()));
        assertThat(listener.calls).contains("line:a:STDOUT:x");
    }

    @Test
    void shutdownFinishesTheCurrentGroupAndSkipsTheRest() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeRunner runner = new FakeRunner().hold("a");
        TaskSpec a = withMapping(task("a"), List.of(), List.of(0, 1));
        JobExecution execution = new JobExecutor(runner, Clock.systemUTC()).start(
                JobPlan.of(factfile(a, task("b", "a")), Optional.empty()),
                RunOptions.defaults().withGracePeriod(Duration.ofSeconds(30)), listener);
        listener.awaitEvent(transition("a", TaskState.RUNNING));
        execution.requestShutdown();
        execution.requestShutdown();
        JobOutcome outcome = execution.await();

        assertThat(runner.terminated).containsExactly("a");
        assertThat(listener.calls).containsSubsequence("shutdown-started:1", "remaining-groups-skipped")
                .doesNotContain("force-kill:1");
        assertThat(outcome.shutdownRequested()).isTrue();
        assertThat(snapshot(outcome, "a").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(snapshot(outcome, "b").state()).isEqualTo(TaskState.WAITING);
        assertThat(outcome.notRunTasks()).containsExactly("b");
        assertThat(outcome.exitCode()).isZero();
        assertThat(listener.describe()).endsWith("task a:RUNNING->SUCCEEDED", "job RUNNING->SUCCEEDED");
    }

    @Test
    void aTaskStartedAfterTheShutdownIsNotSpawned() throws Exception {
        FakeRunner runner = new FakeRunner();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onTaskStarted(String taskName, java.time.Instant at) {
                super.onTaskStarted(taskName, at);
                if (taskName.equals("second")) {
                    execution.join().requestShutdown();
                }
            }
        };
        // Level order is the reverse of file order: "first" starts, then "second".
        JobOutcome outcome = run(factfile(task("second"), task("first"), task("child", "first")), runner, listener);

        assertThat(runner.started).containsExactly("first");
        TaskSnapshot second = snapshot(outcome, "second");
        assertThat(second.state()).isEqualTo(TaskState.FAILED);
        assertThat(second.result()).hasValueSatisfying(r -> {
            assertThat(r.returnCode()).isEqualTo(-1);
            assertThat(r.executionError()).contains("Task cancelled due to shutdown");
            assertThat(r.stdout()).isEmpty();
        });
        assertThat(snapshot(outcome, "child").state()).isEqualTo(TaskState.WAITING);
        assertThat(listener.calls).contains("remaining-groups-skipped");
        assertThat(outcome.exitCode()).isEqualTo(2);
    }

    @Test
    void dryRunThroughTheSimulationSucceedsEverywhere() throws Exception {
        RecordingListener listener = new RecordingListener();
        Factfile f = factfile(withMapping(task("a"), List.of(), List.of(5)), task("b", "a")).withDryRunMappings();
        JobOutcome outcome = new JobExecutor(new SimulatedTaskRunner(), Clock.systemUTC())
                .start(JobPlan.of(f, Optional.empty()), RunOptions.defaults(), listener).await();
        assertThat(outcome.tasks()).allMatch(t -> t.state() == TaskState.SUCCEEDED);
        assertThat(outcome.totalTaskDuration()).isZero();
        assertThat(snapshot(outcome, "b").result().flatMap(TaskResult::stdout))
                .contains(SimulatedTaskRunner.commandTable(List.of(task("b", "a"))));
    }
}
