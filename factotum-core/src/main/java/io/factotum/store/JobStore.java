package io.factotum.store;

import io.factotum.job.JobEntry;
import io.factotum.job.JobState;
import java.util.Optional;

/**
 * The job entries, one per job id (Factotum Server's {@code <namespace>/<jobId>} keys). Entries are
 * created only by {@link JobQueue#enqueue}, so that the duplicate check and the QUEUED write are
 * one atomic step (ruling 5); afterwards they change only through version-checked updates.
 * Entries are never deleted, as in the original.
 */
public interface JobStore {
    /** The entry of {@code jobId}, if there is one. */
    Optional<StoredJob> get(String jobId);

    /**
     * Replaces the entry if it is still at {@code current.version()}.
     *
     * @param current the entry as the caller last read it
     * @param next the new entry, for the same job id
     * @return the stored entry with its new version
     * @throws VersionConflictException if the entry changed or disappeared since {@code current}
     * @throws IllegalArgumentException if {@code next} is for another job id
     */
    StoredJob update(StoredJob current, JobEntry next);

    /** The entries in {@code state}, in job id order, one page at a time. */
    Page<StoredJob> list(JobState state, PageRequest page);
}
