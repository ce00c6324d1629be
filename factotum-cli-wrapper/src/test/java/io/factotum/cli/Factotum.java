package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/factotum} as a process, for the end-to-end tests. */
final class Factotum {
    /** What a finished run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        /** No Java exception or stack trace leaked to the user. */
        Result assertNoStackTrace() {
            assertThat(stdout + stderr).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }

    private Factotum() { }

    static Path repoRoot() {
        String property = System.getProperty("factotum.repo.root");
        if (property != null && Files.isDirectory(Path.of(property, "testdata"))) {
            return Path.of(property).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("testdata"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (no testdata/ above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    static Path launcher() {
        return repoRoot().resolve("bin/factotum");
    }

    static Path testdata(String relative) {
        return repoRoot().resolve("testdata").resolve(relative);
    }

    /** A process builder for {@code bin/factotum args} in {@code workDir}, colours off. */
    static ProcessBuilder builder(Path workDir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("CLICOLOR", "0");
        // The colour decision reads these too (spec 3.8): a test decides them, not the caller's shell.
        builder.environment().remove("NO_COLOR");
        builder.environment().remove("CLICOLOR_FORCE");
        return builder;
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, Map.of(), List.of(args));
    }

    static Result run(Path workDir, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        ProcessBuilder builder = builder(workDir, args);
        Map<String, String> environment = new HashMap<>(env);
        environment.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        // A safety net against a hung CLI, not a timing assertion.
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("bin/factotum " + args + " did not finish");
        }
        Result result = new Result(process.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
