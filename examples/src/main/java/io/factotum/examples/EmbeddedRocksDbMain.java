package io.factotum.examples;

import io.factotum.Factotum;
import io.factotum.job.JobEntryJson;
import io.factotum.job.JobRun;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import io.factotum.store.rocksdb.RocksDbStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Embeds the Factotum scheduler in a plain Java program: a scheduler on RocksDB, one factfile
 * submitted, its transitions followed through a listener, its job entry and run printed.
 *
 * <pre>
 * EmbeddedRocksDbMain [factfile [store-directory]]
 * </pre>
 * The factfile defaults to {@code testdata/factfiles/echo.factfile} of this repository; the store to
 * a temporary directory, deleted at the end. Exit code 0 when the job succeeded, 2 when it did not.
 */
public final class EmbeddedRocksDbMain {
    private EmbeddedRocksDbMain() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The program, with its output on {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out) throws Exception {
        Path factfile = args.length > 0 ? Path.of(args[0]) : repositoryRoot().resolve("testdata/factfiles/echo.factfile");
        boolean temporaryStore = args.length < 2;
        Path storeDir = temporaryStore ? Files.createTempDirectory("factotum-example-") : Path.of(args[1]);
        try {
            return runJob(factfile, storeDir, out);
        } finally {
            if (temporaryStore) {
                deleteRecursively(storeDir);
            }
        }
    }

    private static int runJob(Path factfile, Path storeDir, PrintStream out) throws Exception {
        // One future per job id: the listener may see the end of a job before submit() returns.
        Map<String, CompletableFuture<JobRun>> finished = new ConcurrentHashMap<>();
        try (RocksDbStorage storage = RocksDbStorage.open(storeDir);
                Factotum factotum = Factotum.builder().storage(storage).nodeId("example").maxWorkers(2).build()) {
            factotum.addListener(event -> {
                if (event instanceof SchedulerEvent.TaskChanged task) {
                    out.println("  " + task.transition().taskName() + ": " + task.transition().previous() + " -> "
                            + task.transition().current());
                } else if (event instanceof SchedulerEvent.JobFinished done) {
                    finished.computeIfAbsent(done.jobId(), id -> new CompletableFuture<>()).complete(done.run());
                }
            });
            factotum.start();
            out.println("Store: " + storeDir);
            SubmitResult result = factotum.submit(SubmitRequest.of("example", factfile.toString()));
            out.println("Submit: " + result.message());
            if (!(result instanceof SubmitResult.Accepted accepted)) {
                return 1;
            }
            JobRun run = finished.computeIfAbsent(accepted.jobId(), id -> new CompletableFuture<>())
                    .get(5, TimeUnit.MINUTES);
            out.println("Job entry: " + JobEntryJson.encode(factotum.check(accepted.jobId()).orElseThrow()));
            out.println("Run " + run.runReference() + ": " + run.outcome().orElseThrow() + " on " + run.nodeId());
            for (TaskRun task : run.tasks()) {
                out.println("  " + task.taskName() + " " + task.state()
                        + task.returnCode().map(c -> " rc=" + c).orElse("")
                        + task.duration().map(d -> " in " + d.toMillis() + " ms").orElse("")
                        + task.stdout().map(s -> " stdout=" + s.strip()).orElse(""));
            }
            return run.outcome().orElseThrow() == RunOutcome.SUCCEEDED ? 0 : 2;
        }
    }

    /** The directory holding {@code testdata/}: the {@code factotum.repo.root} property, else the nearest ancestor. */
    static Path repositoryRoot() {
        String configured = System.getProperty("factotum.repo.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "testdata"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testdata"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository's testdata/; pass a factfile path");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
