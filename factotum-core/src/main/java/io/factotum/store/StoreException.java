package io.factotum.store;

/**
 * The store could not do what was asked for a reason outside the caller's control: it is
 * unreachable, closed, out of disk or broken. The server answers such failures with 503
 * (ruling 6) and accepts nothing it cannot persist.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
