package io.factotum.bench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM floor of {@code bench/cli.sh}'s validate cell: a JVM that starts, reads the factfile into a
 * string (as a parser must) and exits. Whatever {@code factotum validate} takes beyond this is the
 * CLI's own work: its classes, parsing, validating and planning.
 */
public final class ReadFileFloor {
    private ReadFileFloor() {
    }

    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]));
        // Printed so that the read cannot be optimised away; the script discards it.
        System.out.println(text.length());
    }
}
