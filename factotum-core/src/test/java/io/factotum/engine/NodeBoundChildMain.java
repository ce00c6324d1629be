package io.factotum.engine;

import java.time.Duration;

/**
 * The JVM that {@link NodeBoundTaskRunnerTest} kills: starts one task with a node-bound runner
 * ({@code args}: node id, grace in milliseconds, the task's command line, then {@code plain} for
 * an ordinary runner instead, to show what the test catches), prints {@code started} and waits to
 * be killed.
 */
public final class NodeBoundChildMain {
    private NodeBoundChildMain() {
    }

    public static void main(String[] args) throws Exception {
        ProcessTaskRunner runner = args.length > 3 && args[3].equals("plain") ? new ProcessTaskRunner()
                : ProcessTaskRunner.boundToNode(args[0], Duration.ofMillis(Long.parseLong(args[1])));
        runner.start(TaskInvocation.of(Tasks.shell("t", args[2])), TaskOutputListener.NONE);
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
