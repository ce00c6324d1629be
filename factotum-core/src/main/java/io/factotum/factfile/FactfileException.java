package io.factotum.factfile;

/** A factfile that cannot be read or is not valid; the message is the user-facing text. */
public class FactfileException extends Exception {
    public FactfileException(String message) {
        super(message);
    }

    public FactfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
