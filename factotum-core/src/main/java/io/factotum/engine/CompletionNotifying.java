package io.factotum.engine;

import java.util.function.Consumer;

/**
 * A {@link RunningTask} that can report its end by callback, sparing the executor a thread parked in
 * {@link RunningTask#await()} per task.
 */
interface CompletionNotifying {
    /** Calls {@code callback} once with the result, at once if the task has already ended. */
    void whenDone(Consumer<TaskResult> callback);
}
