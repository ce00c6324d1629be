package io.factotum.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * What running a task's command produced.
 *
 * @param returnCode the exit code; 1 when killed by a signal, -1 when it could not be started
 * @param stdout captured standard output, lines joined by {@code \n}; empty when nothing was written
 * @param stderr captured standard error, likewise
 * @param duration from before the spawn to after the wait
 * @param executionError why the command could not be run at all, e.g.
 *     {@code Error executing process - No such file or directory (os error 2)}
 */
public record TaskResult(
        int returnCode,
        Optional<String> stdout,
        Optional<String> stderr,
        Duration duration,
        Optional<String> executionError) {

    public static TaskResult of(int returnCode, String stdout, String stderr, Duration duration) {
        return new TaskResult(returnCode, nonEmpty(stdout), nonEmpty(stderr), duration, Optional.empty());
    }

    public static TaskResult failedToRun(String error, Duration duration) {
        return new TaskResult(-1, Optional.empty(), Optional.empty(), duration, Optional.of(error));
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
