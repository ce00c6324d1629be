package io.factotum.cli;

import io.factotum.engine.JobEvent;
import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.engine.TaskTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run to the console exactly as Factotum 0.7.0 does (spec 3.7 and 4.8): start lines,
 * live task output, succeeded/failed lines, shutdown progress and the final summary.
 */
public final class ConsoleReporter implements JobListener {
    private final Console console;
    // Each task's position in JobEvent.tasks(), which lists the plan's tasks in plan order: a
    // linear search per finished task made reporting a long run quadratic (a 1,500-task chain:
    // 1.1 million name comparisons, 20-30 ms of a cold JVM). Replaced, never changed, once published.
    private volatile Map<String, Integer> positions = Map.of();

    public ConsoleReporter(Console console) {
        this.console = console;
    }

    @Override
    public void onTaskStarted(String taskName, Instant at) {
        // Spec 3.8: the start, succeeded and failed lines are plain, whatever the colour setting.
        console.printlnErr("Task '" + taskName + "' was started at " + ConsoleFormat.utcTimestamp(at));
    }

    @Override
    public void onLine(String taskName, OutputStreamKind stream, String line) {
        // Spec 3.8: the task's name in the prefix is cyan; a standard-error line is red as well.
        if (stream == OutputStreamKind.STDOUT) {
            console.println("[" + console.cyan(taskName) + "] " + line);
        } else {
            console.printlnErr("[" + console.cyan(taskName) + "] " + console.red(line));
        }
    }

    @Override
    public void onEvent(JobEvent event) {
        if (event.heartbeat()) {
            return;
        }
        for (TaskTransition transition : event.taskTransitions()) {
            if (transition.previous() != TaskState.RUNNING) {
                continue;
            }
            if (transition.current() == TaskState.SUCCEEDED) {
                console.printlnErr("Task '" + transition.taskName() + "': succeeded after "
                        + ConsoleFormat.seconds(duration(event, transition.taskName())) + "s");
            } else if (transition.current() == TaskState.FAILED) {
                TaskSnapshot task = snapshot(event, transition.taskName());
                String reason = task == null ? "" : task.reason().orElse("");
                console.printlnErr("Task '" + transition.taskName() + "': failed after "
                        + ConsoleFormat.seconds(duration(event, transition.taskName())) + "s. Reason: " + reason);
            }
            // Factotum prints nothing for an early finish (SUCCEEDED_NO_OP) or for skipped tasks.
        }
    }

    /** Before the remaining levels are skipped after a shutdown request. */
    public void onRemainingGroupsSkipped() {
        console.printlnErr("Shutdown requested, skipping remaining task groups");
    }

    /** The running tasks are being sent SIGTERM. */
    public void onShutdownStarted(int runningTasks) {
        if (runningTasks > 0) {
            console.println("Terminating " + runningTasks + " child process(es) gracefully...");
        }
    }

    /** The grace period is over and some tasks are still alive. */
    public void onForceKill(int remaining) {
        if (remaining > 0) {
            console.println("Force-killing " + remaining + " remaining process(es)...");
        }
    }

    /** The summary after the run: counts, total task time and, if any, the failure or early-finish sentence. */
    public void printSummary(JobOutcome outcome) {
        // Factotum colours the line with its newline, so the reset code follows the newline (spec 3.8).
        console.print(console.green(outcome.executedCount() + "/" + outcome.tasks().size() + " tasks run in "
                + ConsoleFormat.summaryDuration(outcome.totalTaskDuration()) + "\n"));
        if (outcome.hasErrors()) {
            console.println("Factotum job executed abnormally as a task ("
                    + ConsoleFormat.quotedList(outcome.failedTasks(), console::cyan)
                    + ") failed - the following tasks were not run: "
                    + ConsoleFormat.quotedList(outcome.notRunTasks(), console::cyan) + "!");
        } else if (outcome.finishedEarly()) {
            console.println("Factotum job finished early as a task ("
                    + ConsoleFormat.quotedList(outcome.noOpTasks(), console::cyan)
                    + ") requested an early finish. The following tasks were not run: "
                    + ConsoleFormat.quotedList(outcome.notRunTasks(), console::cyan) + ".");
        }
    }

    private TaskSnapshot snapshot(JobEvent event, String taskName) {
        List<TaskSnapshot> tasks = event.tasks();
        Integer position = positions.get(taskName);
        if (position == null || position >= tasks.size() || !tasks.get(position).taskName().equals(taskName)) {
            // First lookup, or a list in another order: index this one (first occurrence of a name wins).
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < tasks.size(); i++) {
                index.putIfAbsent(tasks.get(i).taskName(), i);
            }
            positions = index;
            position = index.get(taskName);
            if (position == null) {
                return null;
            }
        }
        return tasks.get(position);
    }

    private Duration duration(JobEvent event, String taskName) {
        TaskSnapshot task = snapshot(event, taskName);
        return task == null ? Duration.ZERO
                : task.result().map(r -> r.duration()).orElse(Duration.ZERO);
    }
}
