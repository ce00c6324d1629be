package io.factotum.compat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders Java I/O failures the way Rust's {@code io::Error} Display does,
 * {@code <strerror> (os error N)}, because Factotum's messages embed them.
 */
public final class OsErrors {
    // Linux errno values for the strerror texts Java reports.
    private static final Map<String, Integer> ERRNO = Map.ofEntries(
            Map.entry("Operation not permitted", 1),
            Map.entry("No such file or directory", 2),
            Map.entry("Input/output error", 5),
            Map.entry("No such device or address", 6),
            Map.entry("Permission denied", 13),
            Map.entry("Device or resource busy", 16),
            Map.entry("File exists", 17),
            Map.entry("No such device", 19),
            Map.entry("Not a directory", 20),
            Map.entry("Is a directory", 21),
            Map.entry("Invalid argument", 22),
            Map.entry("Too many open files", 24),
            Map.entry("Text file busy", 26),
            Map.entry("No space left on device", 28),
            Map.entry("Read-only file system", 30),
            Map.entry("File name too long", 36),
            Map.entry("Directory not empty", 39),
            Map.entry("Too many levels of symbolic links", 40),
            Map.entry("Stale file handle", 116),
            Map.entry("Disk quota exceeded", 122));

    // How the JDK words a failed spawn: JDK 17 "Cannot run program "x": error=2, No such file or
    // directory"; JDK 25 "... Exec failed, error: 2 (No such file or directory)".
    private static final List<Pattern> SPAWN_ERRORS = List.of(
            Pattern.compile("error=(\\d+), (.*?)\\s*$", Pattern.DOTALL),
            Pattern.compile("error: (\\d+) \\((.*)\\)\\s*$", Pattern.DOTALL));

    private OsErrors() {
    }

    /**
     * A failed process start as Rust prints its OS error, e.g. {@code No such file or directory (os
     * error 2)}, from the JDK's message on any supported JDK; the message itself when no errno is in it.
     */
    public static String describeSpawnFailure(IOException e) {
        String message = String.valueOf(e.getMessage());
        for (Pattern pattern : SPAWN_ERRORS) {
            Matcher m = pattern.matcher(message);
            if (m.find()) {
                return m.group(2) + " (os error " + m.group(1) + ")";
            }
        }
        return message;
    }

    /** {@code e} as Rust would print it, e.g. {@code No such file or directory (os error 2)}. */
    public static String describe(IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "File exists";
        } else if (e instanceof AccessDeniedException) {
            reason = "Permission denied";
        } else if (e instanceof NotDirectoryException) {
            reason = "Not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            reason = "Directory not empty";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        Integer errno = ERRNO.get(reason);
        return errno == null ? reason : reason + " (os error " + errno + ")";
    }
}
