package io.factotum.engine;

import java.util.function.Consumer;

/** A task that ended before it was handed out: a simulation, or a command that could not start. */
record FinishedTask(TaskResult result) implements RunningTask, CompletionNotifying {
    @Override
    public TaskResult await() {
        return result;
    }

    @Override
    public void terminate() {
    }

    @Override
    public void kill() {
    }

    @Override
    public boolean isAlive() {
        return false;
    }

    @Override
    public void whenDone(Consumer<TaskResult> callback) {
        callback.accept(result);
    }
}
