package io.factotum.engine;

/** Receives a running task's output line by line, as it is written. */
@FunctionalInterface
public interface TaskOutputListener {
    void onLine(String taskName, OutputStreamKind stream, String line);

    TaskOutputListener NONE = (task, stream, line) -> { };
}
