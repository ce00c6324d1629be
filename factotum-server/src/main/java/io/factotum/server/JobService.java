package io.factotum.server;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP layer asks of the job scheduler, in the server's terms (the original's results and
 * the server's additions): the port between the handlers and the scheduler library, implemented by
 * {@link FactotumJobService}, so that endpoints can be read and tested without a scheduler. Every
 * method may throw {@link io.factotum.store.StoreException} when the store is unreachable
 * (answered with 503, ruling 6).
 */
public interface JobService {
    /** Takes over what an earlier run of this node left, then starts running jobs. */
    void start();

    /**
     * Stops taking jobs, lets running ones finish for up to {@code grace}, then stops the rest and
     * hands them back to the queue: the next start continues their runs. Idempotent.
     */
    void shutdown(Duration grace);

    /**
     * Validates, identifies and enqueues a job (server spec 3.4 steps 4 to 7), the duplicate check and
     * the QUEUED write being one atomic step (ruling 5).
     */
    SubmitResult submit(JobSubmission submission);

    /** The stored entry of a job id. */
    Optional<JobEntry> check(String jobId);

    /** Entries in job id order, one page at a time; no state means every state. */
    Page<JobEntry> list(Optional<JobState> state, PageRequest page);

    /** The runs of a job, oldest first. */
    List<JobRun> runs(String jobId);

    /**
     * When each of {@code jobIds} last started a run; jobs never run are absent. Read for a whole
     * page at once (one store step where the store allows), so that listings need no request per job.
     */
    java.util.Map<String, java.time.Instant> lastRunStarts(java.util.Collection<String> jobIds);

    /** A task's output so far, live while it runs; empty if the job, run or task is unknown. */
    Optional<TaskOutput> output(String jobId, String runReference, String taskName);

    /** Stops a queued or running job; it ends DONE / FAILED with a CANCELLED run. */
    ActionResult cancel(String jobId);

    /**
     * Queues a DONE job whose last run did not succeed again; tasks that succeeded in that run are
     * not run again (in-process runs).
     */
    ActionResult resume(String jobId);

    /** Jobs waiting in the queue (not counting running ones): {@code inQueue}. */
    int queueDepth();

    /** Jobs running on this node: {@code workers.active}. */
    int busyWorkers();

    /** Throws {@link io.factotum.store.StoreException} unless the store answers and takes writes. */
    void checkStore();

    /**
     * Registers listeners for the job and task transitions (after each is stored) and the output lines
     * of the tasks running on this node; both are called on the scheduler's threads and must not block.
     */
    void addListeners(io.factotum.scheduler.SchedulerListener transitions, io.factotum.scheduler.RunOutputListener lines);

    /**
     * The job's task graph, read again from its factfile (templated with the job's own arguments);
     * when the factfile can no longer be read, the latest run's tasks without their edges. Empty if the
     * job is unknown.
     */
    Optional<List<DagTask>> dag(String jobId);

    /** A task of a job's graph and the tasks it depends on. */
    record DagTask(String name, List<String> dependsOn) {
        public DagTask {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /** A submitted job, as decoded from the request body. */
    record JobSubmission(String jobName, String factfilePath, List<String> factfileArgs) {
        public JobSubmission {
            factfileArgs = List.copyOf(factfileArgs);
        }
    }

    /** What a submission led to. */
    sealed interface SubmitResult {
        record Accepted(String jobId) implements SubmitResult { }

        /** An entry for the id exists and is not DONE. */
        record Duplicate(String jobId) implements SubmitResult { }

        record QueueFull(int queued, int maxJobs) implements SubmitResult { }

        /** Refused by validation; the message has no {@code Validation Error: } prefix. */
        record Invalid(String message) implements SubmitResult { }
    }

    /** The result of cancel and resume. */
    enum ActionResult {
        DONE,
        NOT_FOUND,
        /** The job is not in a state that allows the action (e.g. cancel a DONE job). */
        CONFLICT,
        QUEUE_FULL
    }

    /**
     * A task's output.
     *
     * @param running whether the task (and so its output) may still grow
     */
    record TaskOutput(String jobId, String runReference, String taskName, String state, boolean running,
            String stdout, String stderr) {
    }
}
