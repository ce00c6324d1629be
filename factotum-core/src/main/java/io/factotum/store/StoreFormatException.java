package io.factotum.store;

/**
 * Stored data is in an encoding this build cannot read: written by a newer version, or corrupt.
 * Nothing is overwritten when this is thrown.
 */
public class StoreFormatException extends StoreException {
    public StoreFormatException(String message) {
        super(message);
    }

    public StoreFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
