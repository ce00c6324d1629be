package io.factotum.scheduler;

import io.factotum.engine.RunningTask;
import io.factotum.engine.TaskInvocation;
import io.factotum.engine.TaskOutputListener;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Tasks without processes. A task's command is its script: {@code exit N} ends at once with code N
 * (changeable with {@link #exitCode}, which also unblocks), {@code block} runs until terminated (code 143, as a
 * SIGTERMed process; a {@code sh -c} would report 1). Records every start.
 */
final class ScriptedTaskRunner implements TaskRunner {
    final List<String> started = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> startedBlocking = new LinkedBlockingQueue<>();
    private final Map<String, Integer> overrides = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<TaskResult>> blocked = new ConcurrentHashMap<>();

    /** Ends the blocked task {@code task} with exit code 0. */
    void release(String task) {
        blocked.remove(task).complete(TaskResult.of(0, "released", "", Duration.ofMillis(1)));
    }

    /** From now on, the task named {@code task} exits with {@code code}. */
    void exitCode(String task, int code) {
        overrides.put(task, code);
    }

    long starts(String task) {
        return started.stream().filter(task::equals).count();
    }

    @Override
    public RunningTask start(TaskInvocation invocation, TaskOutputListener output) {
        String name = invocation.task().name();
        started.add(name);
        String command = invocation.task().command();
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        if (command.equals("block") && !overrides.containsKey(name)) {
            blocked.put(name, result);
            startedBlocking.add(name);
        } else {
            int code = overrides.containsKey(name) ? overrides.get(name)
                    : Integer.parseInt(command.substring("exit ".length()).trim());
            output.onLine(name, io.factotum.engine.OutputStreamKind.STDOUT, "ran " + name);
            result.complete(TaskResult.of(code, "ran " + name, "", Duration.ofMillis(1)));
        }
        return new RunningTask() {
            @Override
            public TaskResult await() throws InterruptedException {
                try {
                    return result.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void terminate() {
                result.complete(TaskResult.of(143, "", "terminated", Duration.ofMillis(1)));
            }

            @Override
            public void kill() {
                result.complete(TaskResult.of(137, "", "killed", Duration.ofMillis(1)));
            }

            @Override
            public boolean isAlive() {
                return !result.isDone();
            }
        };
    }
}
