package io.factotum.store;

import io.factotum.job.JobRun;
import java.util.List;
import java.util.Optional;

/**
 * Every run of every job. A run is written by the node that holds the job's claim, so runs need no
 * version check. Task outputs are bounded when the {@link io.factotum.job.TaskRun} is made
 * ({@link io.factotum.job.TaskRun#from}), not here.
 */
public interface RunHistory {
    /** Stores the run, replacing an earlier save of the same job id and run reference. */
    void save(JobRun run);

    /**
     * Stores a running job's progress like {@link #save}, visible to readers at once, but may return
     * before it is durable against a machine crash (never a process crash): progress lost that way
     * only means a task that had ended runs again (at-least-once), and the run's final {@link
     * #save} or {@link Storage#finishRun} makes it durable with everything before it. A store with
     * group commit (RocksDB) thus saves the running job a disk flush per task transition; the default
     * is {@link #save}.
     */
    default void saveProgress(JobRun run) {
        save(run);
    }

    /** One run of a job. */
    Optional<JobRun> get(String jobId, String runReference);

    /** The runs of a job, oldest start first. */
    List<JobRun> runs(String jobId);
}
