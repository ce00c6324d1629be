package io.factotum.store;

/**
 * A version-checked update was refused because the stored entry changed (or disappeared) since the
 * caller read it. Re-read and decide again; never retry blindly.
 */
public class VersionConflictException extends RuntimeException {
    private final String jobId;
    private final long expectedVersion;

    public VersionConflictException(String jobId, long expectedVersion) {
        super("Job " + jobId + " changed since version " + expectedVersion + " was read");
        this.jobId = jobId;
        this.expectedVersion = expectedVersion;
    }

    public String jobId() {
        return jobId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}
