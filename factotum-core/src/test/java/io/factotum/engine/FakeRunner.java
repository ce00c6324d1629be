package io.factotum.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A runner without processes: each task ends with a scripted exit code, at once or when the test
 * releases it. Terminating or killing a held task ends it with code 1, as a killed {@code sh}.
 */
final class FakeRunner implements TaskRunner {
    private final Map<String, Integer> codes = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Integer>> holds = new ConcurrentHashMap<>();
    private final Map<String, List<String>> stdoutLines = new ConcurrentHashMap<>();
    private final boolean callbacks;
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> terminated = new CopyOnWriteArrayList<>();

    /** @param callbacks whether tasks report by callback (else the executor parks a thread in await) */
    FakeRunner(boolean callbacks) {
        this.callbacks = callbacks;
    }

    FakeRunner() {
        this(false);
    }

    FakeRunner exit(String task, int code) {
        codes.put(task, code);
        return this;
    }

    /** The task runs until {@link #release} (or a terminate/kill). */
    FakeRunner hold(String task) {
        holds.put(task, new CompletableFuture<>());
        return this;
    }

    FakeRunner prints(String task, String... lines) {
        stdoutLines.put(task, List.of(lines));
        return this;
    }

    void release(String task) {
        holds.get(task).complete(codes.getOrDefault(task, 0));
    }

    @Override
    public RunningTask start(TaskInvocation invocation, TaskOutputListener output) {
        String name = invocation.task().name();
        started.add(name);
        List<String> lines = stdoutLines.getOrDefault(name, List.of());
        lines.forEach(line -> output.onLine(name, OutputStreamKind.STDOUT, line));
        CompletableFuture<Integer> code = holds.getOrDefault(name,
                CompletableFuture.completedFuture(codes.getOrDefault(name, 0)));
        CompletableFuture<TaskResult> result = code.thenApply(
                c -> TaskResult.of(c, String.join("\n", lines), "", Duration.ofMillis(10)));
        return callbacks ? new CallbackTask(name, code, result) : new Task(name, code, result);
    }

    private class Task implements RunningTask {
        private final String name;
        private final CompletableFuture<Integer> code;
        final CompletableFuture<TaskResult> result;

        Task(String name, CompletableFuture<Integer> code, CompletableFuture<TaskResult> result) {
            this.name = name;
            this.code = code;
            this.result = result;
        }

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
            terminated.add(name);
            code.complete(1);
        }

        @Override
        public void kill() {
            code.complete(1);
        }

        @Override
        public boolean isAlive() {
            return !code.isDone();
        }
    }

    private final class CallbackTask extends Task implements CompletionNotifying {
        CallbackTask(String name, CompletableFuture<Integer> code, CompletableFuture<TaskResult> result) {
            super(name, code, result);
        }

        @Override
        public void whenDone(Consumer<TaskResult> callback) {
            result.thenAccept(callback);
        }
    }
}
