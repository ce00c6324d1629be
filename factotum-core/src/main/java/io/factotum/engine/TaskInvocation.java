package io.factotum.engine;

import io.factotum.factfile.TaskSpec;

/**
 * A request to run one task.
 *
 * @param task the task as planned
 * @param commandLine the string passed to {@code sh -c} ({@link TaskSpec#shellLine()})
 */
public record TaskInvocation(TaskSpec task, String commandLine) {
    public static TaskInvocation of(TaskSpec task) {
        return new TaskInvocation(task, task.shellLine());
    }
}
