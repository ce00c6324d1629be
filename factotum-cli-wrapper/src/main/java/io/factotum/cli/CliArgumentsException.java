package io.factotum.cli;

/**
 * The command line did not match the usage, or a value could not be decoded. The message is
 * docopt's text, printed as is with no trailing newline; the process then exits with
 * {@link ExitCodes#OTHER_ERROR}.
 */
public final class CliArgumentsException extends Exception {
    public CliArgumentsException(String message) {
        super(message);
    }
}
