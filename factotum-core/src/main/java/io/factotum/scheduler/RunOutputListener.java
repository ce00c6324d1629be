package io.factotum.scheduler;

import io.factotum.engine.OutputStreamKind;

/**
 * Sees the output of running tasks line by line, as it is written (in-process runs only; it is not
 * stored as it comes: the run history keeps each task's output once the task has finished). Called
 * on the task's output reader thread: implementations must return quickly.
 */
@FunctionalInterface
public interface RunOutputListener {
    void onLine(String jobId, String runReference, String taskName, OutputStreamKind stream, String line);
}
