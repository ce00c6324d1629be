package io.factotum.engine;

/**
 * Sees every transition of a run. {@link #onEvent} and {@link #onTaskStarted} are called on the
 * engine's thread, in order: implementations must return quickly and hand slow work (HTTP, disk)
 * to a thread of their own. {@link #onLine} is called by the task's output reader as each line
 * arrives, and the shutdown hooks by the shutdown thread: those may run concurrently with
 * {@link #onEvent}.
 */
public interface JobListener extends TaskOutputListener {
    void onEvent(JobEvent event);

    /** Called when a task is started, before its first output line. */
    default void onTaskStarted(String taskName, java.time.Instant at) { }

    @Override
    default void onLine(String taskName, OutputStreamKind stream, String line) { }

    /**
     * Called once, on the engine's thread, when a shutdown stops the run before further groups (or,
     * in eager mode, before further tasks) would start.
     */
    default void onRemainingGroupsSkipped() { }

    /** Called when a shutdown starts terminating tasks; only when at least one task is running. */
    default void onShutdownStarted(int runningTasks) { }

    /** Called when the grace period is over and tasks still alive are about to be killed. */
    default void onForceKill(int remaining) { }

    JobListener NONE = event -> { };
}
