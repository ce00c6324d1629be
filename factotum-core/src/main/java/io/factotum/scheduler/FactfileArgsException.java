package io.factotum.scheduler;

/** {@code factfileArgs} that getopts refuses; the message is getopts' failure in Rust Debug form. */
public final class FactfileArgsException extends Exception {
    public FactfileArgsException(String getoptsFailure) {
        super(getoptsFailure);
    }
}
