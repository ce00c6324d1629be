package io.factotum.cli;

import io.factotum.factfile.Factfile;
import io.factotum.factfile.FactfileException;
import io.factotum.factfile.FactfileParser;
import io.factotum.factfile.Variables;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads a factfile named on the command line. Whatever the parser does with hostile input (deep
 * nesting, huge files), the user gets a one-line message, never a stack trace (ruling 1).
 */
final class FactfileLoader {
    private final FactfileParser parser;

    FactfileLoader(FactfileParser parser) {
        this.parser = parser;
    }

    /** Parses and templates with the given variables (run, validate). */
    Factfile load(String typedPath, Variables variables) throws FactfileException {
        Path path = path(typedPath);
        try {
            return parser.parse(path, typedPath, variables);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw unexpected(typedPath, e);
        }
    }

    /** Parses without templating (dot). */
    Factfile loadUntemplated(String typedPath) throws FactfileException {
        Path path = path(typedPath);
        try {
            return parser.parseUntemplated(path, typedPath);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw unexpected(typedPath, e);
        }
    }

    private static Path path(String typedPath) throws FactfileException {
        try {
            return Path.of(typedPath);
        } catch (InvalidPathException e) {
            throw new FactfileException("Couldn't open '" + typedPath + "' for reading: " + e.getReason());
        }
    }

    private static FactfileException unexpected(String typedPath, Throwable e) {
        String reason;
        if (e instanceof StackOverflowError) {
            reason = "the document is nested too deeply";
        } else if (e instanceof OutOfMemoryError) {
            reason = "the document is too large to load";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new FactfileException("'" + typedPath + "' is not a valid factotum factfile: " + reason, e);
    }
}
