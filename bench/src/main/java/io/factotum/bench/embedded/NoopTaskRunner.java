package io.factotum.bench.embedded;

import io.factotum.engine.RunningTask;
import io.factotum.engine.TaskInvocation;
import io.factotum.engine.TaskOutputListener;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskRunner;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A task runner whose tasks end at once with code 0 and no output: Factotum's no-op job body. Its
 * own ended task rather than the engine's {@code FinishedTask}: bench/compare-builds.sh runs this
 * harness against earlier builds, so it uses only the embedding API they all have.
 */
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
         * Reports the end by callback. Not an override (the engine's callback interface is
         * package-private); the engine sees {@link #isAlive()} false and takes the result at once.
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
