package io.factotum.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * How a run ended.
 *
 * @param tasks the final state of every planned task, in task-list order
 * @param shutdownRequested whether the run was asked to shut down
 */
public record JobOutcome(List<TaskSnapshot> tasks, boolean shutdownRequested) {
    public JobOutcome {
        tasks = List.copyOf(tasks);
    }

    /** Any task {@code FAILED} (spec 4.7); decides exit code 2. */
    public boolean hasErrors() {
        return tasks.stream().anyMatch(t -> t.state() == TaskState.FAILED);
    }

    /** Any task {@code SUCCEEDED_NO_OP}. */
    public boolean finishedEarly() {
        return tasks.stream().anyMatch(t -> t.state() == TaskState.SUCCEEDED_NO_OP);
    }

    /** Tasks with a run result (succeeded, no-op or failed). */
    public int executedCount() {
        return (int) tasks.stream().filter(t -> t.result().isPresent()).count();
    }

    /** The sum of the run results' durations (what the summary line prints). */
    public Duration totalTaskDuration() {
        return tasks.stream().flatMap(t -> t.result().stream()).map(TaskResult::duration)
                .reduce(Duration.ZERO, Duration::plus);
    }

    public List<String> failedTasks() {
        return names(t -> t.state() == TaskState.FAILED);
    }

    public List<String> noOpTasks() {
        return names(t -> t.state() == TaskState.SUCCEEDED_NO_OP);
    }

    /** Tasks without a run result: skipped, or never started because of a shutdown. */
    public List<String> notRunTasks() {
        return names(t -> t.result().isEmpty());
    }

    /** 2 if any task failed, else 0. */
    public int exitCode() {
        return hasErrors() ? 2 : 0;
    }

    private List<String> names(Predicate<TaskSnapshot> filter) {
        return tasks.stream().filter(filter).map(TaskSnapshot::taskName).toList();
    }
}
