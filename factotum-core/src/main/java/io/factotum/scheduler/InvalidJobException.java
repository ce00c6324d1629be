package io.factotum.scheduler;

/**
 * A job that cannot be run as requested: its factfile cannot be read or is invalid, its arguments
 * are refused, or its {@code --start} task cannot be used. The message says why, in Factotum's
 * words where Factotum has them.
 */
public final class InvalidJobException extends Exception {
    public InvalidJobException(String message) {
        super(message);
    }
}
