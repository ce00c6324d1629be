package io.factotum.job;

/**
 * Where a job is in Factotum Server's life cycle: the {@code state} field of the stored entry
 * (server spec section 7). The names are written verbatim to the store.
 */
public enum JobState {
    /** Accepted and waiting in the queue. */
    QUEUED,
    /** Claimed by a worker and running. */
    WORKING,
    /** Finished, successfully or not. Only a DONE job may be submitted again. */
    DONE
}
