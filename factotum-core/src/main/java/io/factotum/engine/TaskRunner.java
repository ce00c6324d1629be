package io.factotum.engine;

/**
 * Runs one task's command. The seam between the engine and the world: processes in production,
 * a simulation for dry runs, fakes in tests.
 */
public interface TaskRunner {
    /**
     * Starts the task and returns at once. A command that cannot be started is not an exception:
     * the returned task completes with {@link TaskResult#failedToRun}.
     */
    RunningTask start(TaskInvocation invocation, TaskOutputListener output);
}
