package io.factotum.cli.external;

import io.factotum.compat.OsErrors;
import io.factotum.engine.JobExecution;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.scheduler.InvalidJobException;
import io.factotum.scheduler.JobRunner;
import io.factotum.scheduler.RunRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs jobs the way Factotum Server 0.3.0 does (server spec 3.4 step 5 and 5.4): through an
 * external Factotum binary, one child process per job, with the server's environment and working
 * directory, stdin closed and the output captured in memory.
 *
 * <ul>
 *   <li>{@link #validate}: {@code <bin> run <path> --dry-run <args>} at submit time; a non-zero exit
 *       is refused with the child's stderr, as the original does.</li>
 *   <li>{@link #start}: {@code <bin> run <path> <args>}; exit code 0 means SUCCEEDED, anything else
 *       (or a spawn failure) FAILED.</li>
 * </ul>
 *
 * <p>It is also the scheduler's {@link JobRunner}: a run is reported as one task, named
 * {@value #TASK_NAME}, holding the child's exit code and output (the binary's own tasks are not
 * visible from outside; its webhooks report them).
 *
 * <p>Thread-safe and stateless apart from the binary's path.
 */
public final class ExternalCliJobRunner implements JobRunner {
    /** The one task an external run is reported as. */
    public static final String TASK_NAME = "factotum run";

    private final Path factotumBin;

    public ExternalCliJobRunner(Path factotumBin) {
        this.factotumBin = Objects.requireNonNull(factotumBin, "factotumBin");
    }

    public Path factotumBin() {
        return factotumBin;
    }

    /** Refusals name the binary, as the original's do. */
    @Override
    public String commandName() {
        return factotumBin.toString();
    }

    /**
     * The submit-time dry run.
     *
     * @return empty if the binary accepted the job, else the original's message without its
     *     {@code Validation Error: } prefix: {@code Failed to execute command: [<bin> run <path>
     *     --dry-run <args>] - <stderr or OS error>}
     */
    public Optional<String> dryRun(String factfilePath, List<String> factfileArgs) throws InterruptedException {
        return dryRunDetail(factfilePath, factfileArgs).map(detail -> failure(dryRunArgs(factfilePath, factfileArgs), detail));
    }

    /**
     * {@link JobRunner#validate}: the message of the exception is what follows {@code - } in the
     * original's message (the child's stderr or the OS error).
     */
    @Override
    public void validate(String factfilePath, List<String> factfileArgs) throws InvalidJobException {
        Optional<String> detail;
        try {
            detail = dryRunDetail(factfilePath, factfileArgs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidJobException("interrupted");
        }
        if (detail.isPresent()) {
            throw new InvalidJobException(detail.get());
        }
    }

    private static List<String> dryRunArgs(String factfilePath, List<String> factfileArgs) {
        List<String> args = new ArrayList<>(List.of("run", factfilePath, "--dry-run"));
        args.addAll(factfileArgs);
        return args;
    }

    private Optional<String> dryRunDetail(String factfilePath, List<String> factfileArgs) throws InterruptedException {
        List<String> args = dryRunArgs(factfilePath, factfileArgs);
        Process process;
        try {
            process = spawn(args);
        } catch (IOException e) {
            return Optional.of(OsErrors.describeSpawnFailure(e));
        }
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        drain(process.getInputStream());
        int exit = process.waitFor();
        if (exit == 0) {
            return Optional.empty();
        }
        // Rust's String::from_utf8_lossy, untrimmed.
        return Optional.of(new String(stderr.join(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code <bin> run <path> <args>}.
     *
     * @throws IOException if the child could not be spawned (the original then marks the job FAILED)
     */
    public ExternalRun start(String factfilePath, List<String> factfileArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", factfilePath));
        args.addAll(factfileArgs);
        Process process = spawn(args);
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        return new ExternalRun(process, stdout, stderr);
    }

    /** {@link JobRunner#start}: the run is one task, {@value #TASK_NAME}; exit code 0 is success. */
    @Override
    public JobExecution start(RunRequest request) throws InvalidJobException {
        Instant started = Instant.now();
        ExternalRun run;
        try {
            run = start(request.job().factfilePath(), request.job().factfileArgs());
        } catch (IOException e) {
            throw new InvalidJobException("Failed to execute command: " + OsErrors.describeSpawnFailure(e));
        }
        return new JobExecution() {
            @Override
            public void requestShutdown() {
                run.terminate();
            }

            @Override
            public JobOutcome await() throws InterruptedException {
                int exit = run.await();
                TaskResult result = TaskResult.of(exit, run.stdout(), run.stderr(),
                        Duration.between(started, Instant.now()));
                TaskSnapshot task = new TaskSnapshot(TASK_NAME, exit == 0 ? TaskState.SUCCEEDED : TaskState.FAILED,
                        Optional.empty(), Optional.of(started), Optional.of(result), Optional.empty(), Optional.empty());
                return new JobOutcome(List.of(task), false);
            }
        };
    }

    private Process spawn(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(factotumBin.toString());
        command.addAll(args);
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private String failure(List<String> args, String detail) {
        return "Failed to execute command: [" + factotumBin + " " + String.join(" ", args) + "] - " + detail;
    }

    // Pipes are read on their own threads so that a chatty child never blocks on a full pipe.
    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "factotum-external-output");
            t.setDaemon(true);
            t.start();
        });
    }

    /** A running {@code factotum run} child. */
    public static final class ExternalRun {
        private final Process process;
        private final CompletableFuture<byte[]> stdout;
        private final CompletableFuture<byte[]> stderr;

        ExternalRun(Process process, CompletableFuture<byte[]> stdout, CompletableFuture<byte[]> stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Waits for the child and returns its exit code. */
        public int await() throws InterruptedException {
            return process.waitFor();
        }

        /** Asks the child to stop (SIGTERM); Factotum then stops its tasks as on Ctrl-C. */
        public void terminate() {
            process.destroy();
        }

        /** The child's standard output, once it has exited. */
        public String stdout() {
            return new String(stdout.join(), StandardCharsets.UTF_8);
        }

        /** The child's standard error, once it has exited. */
        public String stderr() {
            return new String(stderr.join(), StandardCharsets.UTF_8);
        }
    }
}
