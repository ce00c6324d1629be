package io.factotum.engine;

/**
 * Sees every transition of a run. Called on the engine's thread, in order: implementations must
 * return quickly and hand slow work (HTTP, disk) to a thread of their own.
 */
public interface JobListener extends TaskOutputListener {
    void onEvent(JobEvent event);

    /** Called when a task is started, before its first output line. */
    default void onTaskStarted(String taskName, java.time.Instant at) { }

    @Override
    default void onLine(String taskName, OutputStreamKind stream, String line) { }

    JobListener NONE = event -> { };
}
