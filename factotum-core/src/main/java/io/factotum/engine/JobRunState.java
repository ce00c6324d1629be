package io.factotum.engine;

/** The state of a whole run as reported to webhooks ({@code runState}). */
public enum JobRunState {
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED
}
