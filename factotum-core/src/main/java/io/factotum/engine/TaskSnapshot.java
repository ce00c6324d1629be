package io.factotum.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * One task's state at a moment of a run.
 *
 * @param taskName the task
 * @param state its state
 * @param reason the skip reason (accumulated, {@code , }-joined) or the failure reason
 * @param started when it was started, if it was
 * @param result its run result, once it has one (succeeded, no-op or failed)
 * @param liveStdout output so far of a running task, when live output is tracked (heartbeats)
 * @param liveStderr likewise for standard error
 */
public record TaskSnapshot(
        String taskName,
        TaskState state,
        Optional<String> reason,
        Optional<Instant> started,
        Optional<TaskResult> result,
        Optional<String> liveStdout,
        Optional<String> liveStderr) {

    public static TaskSnapshot waiting(String taskName) {
        return new TaskSnapshot(taskName, TaskState.WAITING, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
