package io.factotum.schedule;

/** A schedule definition that cannot be accepted; the message says which field and why. */
public final class InvalidScheduleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidScheduleException(String message) {
        super(message);
    }
}
