package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.JobEvent;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.JobRunState;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.engine.TaskTransition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private ConsoleReporter reporter(boolean colours) {
        return new ConsoleReporter(new Console(out, err, colours));
    }

    private static TaskSnapshot finished(String name, TaskState state, int code, Duration duration, String reason) {
        return new TaskSnapshot(name, state, Optional.ofNullable(reason), Optional.of(Instant.EPOCH),
                Optional.of(TaskResult.of(code, "", "", duration)), Optional.empty(), Optional.empty());
    }

    private static JobEvent taskEvent(List<TaskTransition> transitions, List<TaskSnapshot> tasks) {
        return new JobEvent(Instant.EPOCH, JobRunState.RUNNING, Optional.empty(), transitions, tasks, false);
    }

    @Test
    void startLineGoesToStandardError() {
        reporter(false).onTaskStarted("echo alpha", Instant.parse("2016-06-12T21:04:02.274382495Z"));
        assertThat(err()).isEqualTo("Task 'echo alpha' was started at 2016-06-12 21:04:02.274382495 UTC\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void liveOutputIsPrefixedWithTheTaskName() {
        ConsoleReporter reporter = reporter(false);
        reporter.onLine("a", OutputStreamKind.STDOUT, "hello");
        reporter.onLine("a", OutputStreamKind.STDERR, "oops");
        assertThat(out()).isEqualTo("[a] hello\n");
        assertThat(err()).isEqualTo("[a] oops\n");
    }

    @Test
    void colouredOutput() {
        // Spec 3.8: the name in the output prefix is cyan (a stderr line red too); the start,
        // succeeded and failed lines stay plain.
        ConsoleReporter reporter = reporter(true);
        reporter.onLine("a", OutputStreamKind.STDOUT, "fine");
        reporter.onLine("a", OutputStreamKind.STDERR, "oops");
        reporter.onTaskStarted("a", Instant.parse("2016-06-12T21:04:02Z"));
        TaskSnapshot ok = finished("a", TaskState.SUCCEEDED, 0, Duration.ofMillis(1_000), null);
        reporter.onEvent(taskEvent(List.of(new TaskTransition("a", TaskState.RUNNING, TaskState.SUCCEEDED)), List.of(ok)));
        assertThat(out()).isEqualTo("[\u001b[36ma\u001b[0m] fine\n");
        assertThat(err()).isEqualTo("[\u001b[36ma\u001b[0m] \u001b[31moops\u001b[0m\n"
                + "Task 'a' was started at 2016-06-12 21:04:02 UTC\n"
                + "Task 'a': succeeded after 1.0s\n");
    }

    @Test
    void succeededAndFailedLinesButNothingForNoOpOrSkips() {
        TaskSnapshot ok = finished("ok", TaskState.SUCCEEDED, 0, Duration.ofMillis(125_349), null);
        TaskSnapshot bad = finished("bad", TaskState.FAILED, 1, Duration.ofMillis(1_050),
                "the task exited with a value not specified in continue_job - 1 (task expects one of the following return codes to continue [0])");
        TaskSnapshot noop = finished("noop", TaskState.SUCCEEDED_NO_OP, 99, Duration.ZERO, null);
        TaskSnapshot skipped = new TaskSnapshot("later", TaskState.SKIPPED, Optional.of("the task 'bad' failed"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        List<TaskSnapshot> all = List.of(ok, bad, noop, skipped);
        ConsoleReporter reporter = reporter(false);
        reporter.onEvent(taskEvent(List.of(new TaskTransition("ok", TaskState.RUNNING, TaskState.SUCCEEDED)), all));
        reporter.onEvent(taskEvent(List.of(new TaskTransition("bad", TaskState.RUNNING, TaskState.FAILED),
                new TaskTransition("later", TaskState.WAITING, TaskState.SKIPPED)), all));
        reporter.onEvent(taskEvent(List.of(new TaskTransition("noop", TaskState.RUNNING, TaskState.SUCCEEDED_NO_OP)), all));
        assertThat(err()).isEqualTo("Task 'ok': succeeded after 125.3s\n"
                + "Task 'bad': failed after 1.1s. Reason: the task exited with a value not specified in continue_job"
                + " - 1 (task expects one of the following return codes to continue [0])\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void findsEachTaskWhateverTheOrderOfTheEventsTaskList() {
        TaskSnapshot a = finished("a", TaskState.SUCCEEDED, 0, Duration.ofMillis(1_000), null);
        TaskSnapshot b = finished("b", TaskState.SUCCEEDED, 0, Duration.ofMillis(2_000), null);
        TaskSnapshot c = finished("c", TaskState.FAILED, 1, Duration.ofMillis(3_000), "boom");
        ConsoleReporter reporter = reporter(false);
        reporter.onEvent(taskEvent(List.of(new TaskTransition("a", TaskState.RUNNING, TaskState.SUCCEEDED)),
                List.of(a, b, c)));
        // Another order (the reporter remembers positions from earlier events), then a shorter list.
        reporter.onEvent(taskEvent(List.of(new TaskTransition("b", TaskState.RUNNING, TaskState.SUCCEEDED)),
                List.of(c, a, b)));
        reporter.onEvent(taskEvent(List.of(new TaskTransition("c", TaskState.RUNNING, TaskState.FAILED)),
                List.of(c)));
        // A task missing from the list: reported with a zero duration, as before.
        reporter.onEvent(taskEvent(List.of(new TaskTransition("d", TaskState.RUNNING, TaskState.SUCCEEDED)),
                List.of(a)));
        assertThat(err()).isEqualTo("Task 'a': succeeded after 1.0s\n"
                + "Task 'b': succeeded after 2.0s\n"
                + "Task 'c': failed after 3.0s. Reason: boom\n"
                + "Task 'd': succeeded after 0.0s\n");
    }

    private static TaskSnapshot notRun(String name, TaskState state, String reason) {
        return new TaskSnapshot(name, state, Optional.ofNullable(reason), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void summaryOfACleanRun() {
        reporter(false).printSummary(new JobOutcome(List.of(
                finished("a", TaskState.SUCCEEDED, 0, Duration.ofMillis(1_200), null),
                finished("b", TaskState.SUCCEEDED, 0, Duration.ofMillis(1_300), null)), false));
        assertThat(out()).isEqualTo("2/2 tasks run in 2.5s\n");
    }

    @Test
    void summaryOfAnEarlyFinish() {
        reporter(false).printSummary(new JobOutcome(List.of(
                finished("echo alpha", TaskState.SUCCEEDED, 0, Duration.ZERO, null),
                finished("exit", TaskState.SUCCEEDED_NO_OP, 99, Duration.ZERO, null),
                notRun("this will never run!", TaskState.SKIPPED, "the task 'exit' requested early termination")), false));
        assertThat(out()).isEqualTo("2/3 tasks run in 0.0s\n"
                + "Factotum job finished early as a task ('exit') requested an early finish. "
                + "The following tasks were not run: 'this will never run!'.\n");
    }

    @Test
    void aFailureTakesPrecedenceOverAnEarlyFinish() {
        reporter(false).printSummary(new JobOutcome(List.of(
                finished("a", TaskState.FAILED, 1, Duration.ofSeconds(62), "r"),
                finished("b", TaskState.SUCCEEDED_NO_OP, 3, Duration.ofSeconds(3600), null),
                finished("c", TaskState.FAILED, 1, Duration.ZERO, "r")), false));
        assertThat(out()).isEqualTo("3/3 tasks run in 1h, 1m, 2s\n"
                + "Factotum job executed abnormally as a task ('a', 'c') failed - the following tasks were not run: !\n");
    }

    @Test
    void summaryAfterAShutdownCountsTasksNeverStartedAsNotRun() {
        reporter(true).printSummary(new JobOutcome(List.of(
                finished("a", TaskState.FAILED, 1, Duration.ofSeconds(5), "r"),
                notRun("b", TaskState.SKIPPED, "the task 'a' failed"),
                notRun("c", TaskState.WAITING, null)), true));
        // The summary's newline is inside the green (spec 3.8).
        assertThat(out()).isEqualTo("\u001b[32m1/3 tasks run in 5.0s\n\u001b[0m"
                + "Factotum job executed abnormally as a task ('\u001b[36ma\u001b[0m') failed - the following tasks"
                + " were not run: '\u001b[36mb\u001b[0m', '\u001b[36mc\u001b[0m'!\n");
    }

    @Test
    void shutdownLines() {
        ConsoleReporter reporter = reporter(false);
        reporter.onShutdownStarted(2);
        reporter.onForceKill(1);
        reporter.onRemainingGroupsSkipped();
        assertThat(out()).isEqualTo("Terminating 2 child process(es) gracefully...\nForce-killing 1 remaining process(es)...\n");
        assertThat(err()).isEqualTo("Shutdown requested, skipping remaining task groups\n");
    }

    @Test
    void linesOfParallelTasksNeverInterleave() throws Exception {
        ConsoleReporter reporter = reporter(false);
        int writers = 8;
        int lines = 500;
        String payload = "x".repeat(200);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        for (int w = 0; w < writers; w++) {
            String name = "task-" + w;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < lines; i++) {
                    reporter.onLine(name, OutputStreamKind.STDOUT, payload + i);
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        List<String> written = new ArrayList<>(List.of(out().split("\n")));
        assertThat(written).hasSize(writers * lines);
        assertThat(written).allMatch(line -> line.matches("\\[task-\\d] x{200}\\d+"));
    }
}
