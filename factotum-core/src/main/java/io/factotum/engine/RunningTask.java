package io.factotum.engine;

/** A task that a {@link TaskRunner} has started. */
public interface RunningTask {
    /** Blocks until the task ends; never throws for a failing command, only reports it. */
    TaskResult await() throws InterruptedException;

    /** Asks the task and everything it started to stop (SIGTERM for processes). */
    void terminate();

    /** Stops the task and everything it started at once (SIGKILL for processes). */
    void kill();

    /** Whether the task (or anything it started) is still running. */
    boolean isAlive();
}
