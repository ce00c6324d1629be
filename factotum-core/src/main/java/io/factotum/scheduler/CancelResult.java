package io.factotum.scheduler;

/** What {@code cancel} did. */
public enum CancelResult {
    /** The job was queued: it is DONE / FAILED now, its run recorded as CANCELLED, and it will not run. */
    CANCELLED,
    /** The job is running on this node: its tasks are being stopped (SIGTERM, grace, SIGKILL); it ends CANCELLED. */
    STOPPING,
    /** The job is WORKING on another node, which alone can stop it. */
    RUNNING_ELSEWHERE,
    /** The job is DONE already. */
    NOT_ACTIVE,
    /** No job has this id. */
    NOT_FOUND
}
