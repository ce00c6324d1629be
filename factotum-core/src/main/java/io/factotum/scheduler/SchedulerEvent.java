package io.factotum.scheduler;

import io.factotum.engine.TaskTransition;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;

/** A transition of a job or of one of its tasks, as stored; see {@link SchedulerListener}. */
public sealed interface SchedulerEvent {
    String jobId();

    /** The job was accepted (submitted or resumed) and waits in the queue. */
    record JobQueued(JobEntry entry) implements SchedulerEvent {
        @Override
        public String jobId() {
            return entry.jobId();
        }
    }

    /** A worker started the job: a new run, or an interrupted or resumed run continued. */
    record JobStarted(JobEntry entry, JobRun run) implements SchedulerEvent {
        @Override
        public String jobId() {
            return entry.jobId();
        }
    }

    /** A task of a running job changed state; {@code task} is its stored record after the change. */
    record TaskChanged(String jobId, String runReference, TaskTransition transition, TaskRun task)
            implements SchedulerEvent { }

    /** The job is DONE; {@code run} is its finished run, whose outcome says how it ended. */
    record JobFinished(JobEntry entry, JobRun run) implements SchedulerEvent {
        @Override
        public String jobId() {
            return entry.jobId();
        }
    }
}
