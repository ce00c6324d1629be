package io.factotum.job;

/** How one run of a job ended; kept in the run history, richer than the server's {@link LastOutcome}. */
public enum RunOutcome {
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    /** The server-compatible outcome: everything but success is {@link LastOutcome#FAILED}. */
    public LastOutcome toLastOutcome() {
        return this == SUCCEEDED ? LastOutcome.SUCCEEDED : LastOutcome.FAILED;
    }
}
