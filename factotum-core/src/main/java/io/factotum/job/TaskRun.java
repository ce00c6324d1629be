package io.factotum.job;

import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a recorded run.
 *
 * @param taskName the task
 * @param state its final (or latest) state
 * @param returnCode the command's exit code, once it has run
 * @param started when it was started
 * @param duration how long it ran
 * @param errorMessage why it could not run, or else why it failed or was skipped
 * @param stdout the tail of its standard output, at most the bound it was recorded with
 * @param stderr likewise for standard error
 */
public record TaskRun(
        String taskName,
        TaskState state,
        Optional<Integer> returnCode,
        Optional<Instant> started,
        Optional<Duration> duration,
        Optional<String> errorMessage,
        Optional<String> stdout,
        Optional<String> stderr) {

    public TaskRun {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(returnCode, "returnCode");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /**
     * The record of a task as the engine last reported it, keeping only the last
     * {@code maxOutputChars} Unicode characters of each stream (as Factotum's
     * {@code --max-stdouterr-size} does for webhooks), so that stored history stays bounded.
     */
    public static TaskRun from(TaskSnapshot snapshot, int maxOutputChars) {
        Optional<TaskResult> result = snapshot.result();
        Optional<String> error = result.flatMap(TaskResult::executionError).or(snapshot::reason);
        return new TaskRun(snapshot.taskName(), snapshot.state(),
                result.map(TaskResult::returnCode), snapshot.started(), result.map(TaskResult::duration), error,
                result.flatMap(TaskResult::stdout).map(s -> tail(s, maxOutputChars)),
                result.flatMap(TaskResult::stderr).map(s -> tail(s, maxOutputChars)));
    }

    /** A copy whose outputs keep at most their last {@code maxChars} Unicode characters. */
    public TaskRun withOutputBound(int maxChars) {
        return new TaskRun(taskName, state, returnCode, started, duration, errorMessage,
                stdout.map(s -> tail(s, maxChars)), stderr.map(s -> tail(s, maxChars)));
    }

    /** The last {@code maxChars} code points of {@code s} (Factotum's {@code tail_n_chars}). */
    public static String tail(String s, int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
        }
        if (s.length() <= maxChars) {
            return s; // no more code points than chars
        }
        // Counted back from the end: the cost is the tail kept, not the output (a task may write megabytes).
        int start = s.length();
        for (int kept = 0; kept < maxChars && start > 0; kept++) {
            start--;
            if (start > 0 && Character.isLowSurrogate(s.charAt(start)) && Character.isHighSurrogate(s.charAt(start - 1))) {
                start--;
            }
        }
        return s.substring(start);
    }
}
