package io.factotum.job;

/**
 * The {@code lastOutcome} field of Factotum Server's stored entry (server spec section 7). Coarser
 * than a run's {@link RunOutcome}: a cancelled or timed-out run is reported as {@link #FAILED}.
 */
public enum LastOutcome {
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED
}
