package io.factotum.bench.scale;

import io.factotum.engine.RunningTask;
import io.factotum.engine.TaskInvocation;
import io.factotum.engine.TaskOutputListener;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskRunner;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A task runner whose tasks never end until stopped: it keeps the workers busy so that submitted
 * jobs stay queued, with no process to leave behind when the JVM is killed.
 */
final class BlockingTaskRunner implements TaskRunner {
    @Override
    public RunningTask start(TaskInvocation invocation, TaskOutputListener output) {
        CountDownLatch stopped = new CountDownLatch(1);
        return new RunningTask() {
            @Override
            public TaskResult await() throws InterruptedException {
                stopped.await();
                return TaskResult.of(143, "", "", Duration.ZERO);
            }

            @Override
            public void terminate() {
                stopped.countDown();
            }

            @Override
            public void kill() {
                stopped.countDown();
            }

            @Override
            public boolean isAlive() {
                return stopped.getCount() > 0;
            }
        };
    }
}
