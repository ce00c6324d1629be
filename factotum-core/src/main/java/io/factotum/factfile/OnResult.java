package io.factotum.factfile;

import java.util.List;

/**
 * How a task's exit code is classified.
 *
 * @param terminateJobWithSuccess codes meaning "succeeded, but skip my descendants"
 * @param continueJob codes meaning success; any other code is a failure
 */
public record OnResult(List<Integer> terminateJobWithSuccess, List<Integer> continueJob) {
    public OnResult {
        terminateJobWithSuccess = List.copyOf(terminateJobWithSuccess);
        continueJob = List.copyOf(continueJob);
    }

    /** The mapping every task gets in a dry run: exit 0 continues, nothing terminates. */
    public static OnResult dryRun() {
        return new OnResult(List.of(), List.of(0));
    }
}
