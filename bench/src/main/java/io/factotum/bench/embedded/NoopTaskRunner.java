package io.factotum.bench.embedded;

import io.factotum.engine.RunningTask;
import io.factotum.engine.TaskInvocation;
import io.factotum.engine.TaskOutputListener;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskRunner;
import java.time.Duration;
import java.util.function.Consumer;

/** A task runner whose tasks end at once with code 0 and no output: Factotum's no-op job body. */
public final class NoopTaskRunner implements TaskRunner {
    private static final TaskResult SUCCESS = TaskResult.of(0, "", "", Duration.ZERO);

    @Override
    public RunningTask start(TaskInvocation invocation, TaskOutputListener output) {
        return new Done();
    }

    /** An ended task. */
    private static final class Done implements RunningTask {
        @Override
        public TaskResult await() {
            return SUCCESS;
        }

        /**
         * Reports the end by callback, without a waiting thread. Not an override today: the engine's
         * callback interface is package-private, so the engine parks a waiter thread on {@link #await()};
         * should {@code RunningTask} gain this method, this becomes its override.
         */
        public void whenDone(Consumer<TaskResult> callback) {
            callback.accept(SUCCESS);
        }

        @Override
        public void terminate() {
        }

        @Override
        public void kill() {
        }

        @Override
        public boolean isAlive() {
            return false;
        }
    }
}
