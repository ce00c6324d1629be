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

    /** One run of a job. */
    Optional<JobRun> get(String jobId, String runReference);

    /** The runs of a job, oldest start first. */
    List<JobRun> runs(String jobId);
}
