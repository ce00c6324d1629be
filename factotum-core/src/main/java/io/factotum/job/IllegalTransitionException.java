package io.factotum.job;

/** A job entry was asked to move between states (or into a state/outcome pair) that {@link JobTransitions} forbids. */
public class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(String message) {
        super(message);
    }
}
