package io.factotum.cli;

import io.factotum.compat.OsErrors;
import io.factotum.dag.DotWriter;
import io.factotum.engine.JobPlan;
import io.factotum.engine.PlanException;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.FactfileException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code factotum dot <factfile>} (spec 3.5): the job as a Graphviz digraph, untemplated, on
 * standard output or into {@code --output} (created new unless {@code --overwrite}).
 */
final class DotCommand {
    private final Console console;
    private final FactfileLoader loader;

    DotCommand(Console console, FactfileLoader loader) {
        this.console = console;
        this.loader = loader;
    }

    int run(String factfile, Optional<String> start, Optional<String> output, boolean overwrite) {
        Factfile job;
        JobPlan plan;
        try {
            job = loader.loadUntemplated(factfile);
            plan = JobPlan.of(job, start);
        } catch (FactfileException e) {
            return factfileError(e.getMessage());
        } catch (PlanException e) {
            // dot words a bad start task differently from run.
            return factfileError(e.reason() == PlanException.Reason.NOT_A_SUB_TREE
                    ? "the job cannot be started here." : e.getMessage());
        }
        String dot = DotWriter.write(plan);
        if (output.isEmpty()) {
            console.print(dot);
            return ExitCodes.SUCCESS;
        }
        return write(output.get(), dot, overwrite);
    }

    private int write(String file, String dot, boolean overwrite) {
        OpenOption[] options = overwrite
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        if (file.isEmpty()) {
            // Rust's File::create("") fails with ENOENT; the JDK would crash on an empty path.
            return fileError("couldn't create file '' (No such file or directory (os error 2))");
        }
        OutputStream stream;
        try {
            stream = Files.newOutputStream(Path.of(file), options);
        } catch (IOException e) {
            return fileError("couldn't create file '" + file + "' (" + OsErrors.describe(e) + ")");
        } catch (InvalidPathException e) {
            return fileError("couldn't create file '" + file + "' (" + e.getReason() + ")");
        }
        try (stream) {
            stream.write(dot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fileError("couldn't write to file '" + file + "' (" + OsErrors.describe(e) + ")");
        }
        console.println(console.green("File written successfully"));
        return ExitCodes.SUCCESS;
    }

    // Factotum colours its two kinds of error in two spans each, split differently (spec 3.8):
    // "Error:" and the message around a plain space, or "Error: " and the message for file errors.
    private int factfileError(String message) {
        console.printlnErr(console.red("Error:") + " " + console.red(message));
        return ExitCodes.OTHER_ERROR;
    }

    private int fileError(String message) {
        console.printlnErr(console.red("Error: ") + console.red(message));
        return ExitCodes.OTHER_ERROR;
    }
}
