package io.factotum.store;

import io.factotum.job.JobRun;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * When each of {@code jobIds} last started a run (the latest {@link JobRun#startedAt}); jobs never
     * run are absent. For job listings, which show and filter by it for a page of jobs at a time. The
     * default reads each job's runs; a store that can read only the start times, in one step, overrides
     * it (RocksDB).
     */
    default Map<String, Instant> latestStarts(Collection<String> jobIds) {
        Map<String, Instant> latest = new HashMap<>();
        for (String jobId : jobIds) {
            for (JobRun run : runs(jobId)) {
                latest.merge(jobId, run.startedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return latest;
    }
}
