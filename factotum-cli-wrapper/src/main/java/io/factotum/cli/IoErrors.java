package io.factotum.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/** Describes an I/O failure as Rust's {@code std::io::Error} displays it: {@code <strerror> (os error <n>)}. */
final class IoErrors {
    // Linux errno numbers of the failures a file can give here.
    private static final Map<String, Integer> ERRNO = Map.ofEntries(
            Map.entry("Operation not permitted", 1),
            Map.entry("No such file or directory", 2),
            Map.entry("Input/output error", 5),
            Map.entry("Permission denied", 13),
            Map.entry("File exists", 17),
            Map.entry("Not a directory", 20),
            Map.entry("Is a directory", 21),
            Map.entry("Invalid argument", 22),
            Map.entry("Too many open files", 24),
            Map.entry("No space left on device", 28),
            Map.entry("Read-only file system", 30),
            Map.entry("File name too long", 36),
            Map.entry("Directory not empty", 39),
            Map.entry("Too many levels of symbolic links", 40),
            Map.entry("Disk quota exceeded", 122));

    private IoErrors() { }

    static String describe(IOException e) {
        String text;
        if (e instanceof NoSuchFileException) {
            text = "No such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            text = "File exists";
        } else if (e instanceof AccessDeniedException) {
            text = "Permission denied";
        } else if (e instanceof NotDirectoryException) {
            text = "Not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            text = "Directory not empty";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            text = fse.getReason();
        } else {
            text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        Integer errno = ERRNO.get(text);
        return errno == null ? text : text + " (os error " + errno + ")";
    }
}
