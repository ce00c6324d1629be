package io.factotum.engine;

/** The state of one task within a run, with Factotum's names. */
public enum TaskState {
    WAITING,
    RUNNING,
    SUCCEEDED,
    SUCCEEDED_NO_OP,
    FAILED,
    SKIPPED;

    /** Whether the task has reached a state it never leaves in this run. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == SUCCEEDED_NO_OP || this == FAILED || this == SKIPPED;
    }
}
