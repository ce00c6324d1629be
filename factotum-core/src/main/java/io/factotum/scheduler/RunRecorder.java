package io.factotum.scheduler;

import io.factotum.engine.JobEvent;
import io.factotum.engine.JobListener;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskTransition;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import io.factotum.store.RunHistory;
import io.factotum.store.StoreException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Stores a run as it happens: every task state change of the engine saves the run with each task's
 * latest record before the engine goes on, so that a task reported finished is known finished after
 * a crash and is not run again. Then tells the scheduler's listeners.
 *
 * <p>Events that change no task (the job's own WAITING and RUNNING, heartbeats) are not stored:
 * they would rewrite the same task records, and the job's end is stored by the worker right after
 * the last event. That halves the writes of a one-task job (issue 9). Progress is saved with
 * {@link RunHistory#saveProgress}: on a store with group commit the engine does not wait for a disk
 * flush per transition; the worker's final write makes everything durable.
 */
final class RunRecorder implements JobListener {
    private static final Logger LOG = LogManager.getLogger(RunRecorder.class);

    private final RunHistory history;
    private final int maxOutputChars;
    private final SchedulerListener events;
    private final RunOutputListener output;
    private final BooleanSupplier frozen;
    private volatile JobRun run;

    /**
     * @param frozen true once the run's progress must no longer be recorded: the node is stopping
     *     or lost the job, so tasks its shutdown kills must stay unfinished in the store, to be run
     *     again where the job continues, rather than be recorded as failed
     */
    RunRecorder(RunHistory history, JobRun run, int maxOutputChars, SchedulerListener events,
            RunOutputListener output, BooleanSupplier frozen) {
        this.history = history;
        this.output = output;
        this.run = run;
        this.maxOutputChars = maxOutputChars;
        this.events = events;
        this.frozen = frozen;
    }

    JobRun current() {
        return run;
    }

    /** Whether the run is frozen (see the constructor): what happens from now on is not its outcome. */
    boolean isFrozen() {
        return frozen.getAsBoolean();
    }

    /** The run with the given final task states. */
    JobRun withTasks(List<TaskSnapshot> tasks) {
        run = run.withTasks(tasks.stream().map(t -> TaskRun.from(t, maxOutputChars)).toList());
        return run;
    }

    @Override
    public void onLine(String taskName, OutputStreamKind stream, String line) {
        JobRun current = run;
        output.onLine(current.jobId(), current.runReference(), taskName, stream, line);
    }

    @Override
    public void onEvent(JobEvent event) {
        if (event.heartbeat() || frozen.getAsBoolean()) {
            return;
        }
        JobRun updated = withTasks(event.tasks());
        if (event.taskTransitions().isEmpty()) {
            return;
        }
        try {
            history.saveProgress(updated);
        } catch (StoreException e) {
            // The run goes on; the worker saves the final record, and a crash before that re-runs
            // what this save would have recorded (at-least-once).
            LOG.error("Could not store the progress of job {}: {}", updated.jobId(), e.getMessage());
        }
        for (TaskTransition transition : event.taskTransitions()) {
            TaskRun task = updated.tasks().stream().filter(t -> t.taskName().equals(transition.taskName()))
                    .findFirst().orElseThrow();
            events.onEvent(new SchedulerEvent.TaskChanged(updated.jobId(), updated.runReference(), transition, task));
        }
    }
}
