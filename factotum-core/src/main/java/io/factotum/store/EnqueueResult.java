package io.factotum.store;

/** What {@link JobQueue#enqueue} did: exactly one of accepted, duplicate or queue full. */
public sealed interface EnqueueResult {
    /** The entry was written (QUEUED / WAITING) and the job appended to the queue. */
    record Enqueued(StoredJob job) implements EnqueueResult { }

    /** An entry for this id exists and is not DONE: {@code Job is already being processed}. */
    record Duplicate(StoredJob existing) implements EnqueueResult { }

    /** The queue already holds {@code maxJobs} jobs: {@code Queue is full, cannot add job}. */
    record QueueFull(int queued, int maxJobs) implements EnqueueResult { }
}
