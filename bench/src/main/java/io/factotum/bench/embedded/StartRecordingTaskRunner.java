package io.factotum.bench.embedded;

import io.factotum.engine.RunningTask;
import io.factotum.engine.TaskInvocation;
import io.factotum.engine.TaskOutputListener;
import io.factotum.engine.TaskRunner;

/**
 * Records when Factotum invokes a task (the moment a job's code starts), then delegates. The job's
 * number is the last number in the task's command line ({@code true "<n>"}, from the factfile's
 * {@code {{ tag:i }}} argument). The delegate's {@link RunningTask} is returned as it is, so the engine
 * sees exactly what the delegate gives it.
 */
public final class StartRecordingTaskRunner implements TaskRunner {
    private final TaskRunner delegate;
    private final Tracker tracker;

    public StartRecordingTaskRunner(TaskRunner delegate, Tracker tracker) {
        this.delegate = delegate;
        this.tracker = tracker;
    }

    @Override
    public RunningTask start(TaskInvocation invocation, TaskOutputListener output) {
        tracker.started(jobNumber(invocation.commandLine()));
        return delegate.start(invocation, output);
    }

    /** The last run of digits in {@code line}: {@code true "17"} gives 17. */
    static int jobNumber(String line) {
        int end = line.length();
        while (end > 0 && !Character.isDigit(line.charAt(end - 1))) {
            end--;
        }
        int begin = end;
        while (begin > 0 && Character.isDigit(line.charAt(begin - 1))) {
            begin--;
        }
        return Integer.parseInt(line.substring(begin, end));
    }
}
