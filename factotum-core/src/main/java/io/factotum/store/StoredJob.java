package io.factotum.store;

import io.factotum.job.JobEntry;
import java.util.Objects;

/**
 * A job entry as stored, with the version that a later {@link JobStore#update} must quote.
 *
 * @param entry the entry
 * @param version changes on every write of this job; grows monotonically across the whole store, so
 *     a re-created job never gets a version it had before (Consul's ModifyIndex behaves the same)
 */
public record StoredJob(JobEntry entry, long version) {
    public StoredJob {
        Objects.requireNonNull(entry, "entry");
    }

    public String jobId() {
        return entry.jobId();
    }
}
