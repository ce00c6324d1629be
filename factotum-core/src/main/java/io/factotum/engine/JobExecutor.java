package io.factotum.engine;

import java.time.Clock;
import java.util.Objects;

/**
 * Runs planned jobs with Factotum's semantics (spec 4): level-synchronous groups (or, opted in,
 * eager per-task scheduling, ruling 9), results handled in completion order, early finish and
 * failure pruning with accumulated skip reasons, events in the order of spec 5.1, shutdown per 4.8
 * and heartbeats per 4.9. Each run gets its own coordinating thread; the executor itself is
 * stateless and may start any number of runs.
 */
public final class JobExecutor {
    private final TaskRunner runner;
    private final Clock clock;

    public JobExecutor(TaskRunner runner, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the run and returns at once; the first event is emitted on the run's own thread. */
    public JobExecution start(JobPlan plan, RunOptions options, JobListener listener) {
        JobRun run = new JobRun(plan, options, listener, runner, clock);
        run.begin();
        return run;
    }

    /**
     * Prepares the run without starting it: the thread that calls {@link JobExecution#await()}
     * coordinates it (emits its events, starts its tasks) and returns with its outcome. For callers
     * that wait for the outcome anyway, this saves a thread per run. {@link
     * JobExecution#requestShutdown()} may be called before or during the wait, from any thread.
     */
    public JobExecution startOnAwait(JobPlan plan, RunOptions options, JobListener listener) {
        return new JobRun(plan, options, listener, runner, clock);
    }
}
