package io.factotum.bench.embedded;

import io.factotum.Factotum;
import io.factotum.engine.ProcessTaskRunner;
import io.factotum.engine.RunOptions;
import io.factotum.engine.TaskRunner;
import io.factotum.job.RunOutcome;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import io.factotum.store.Storage;
import io.factotum.store.memory.InMemoryStorage;
import io.factotum.store.rocksdb.RocksDbStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Factotum embedded: {@code Factotum.builder()} on RocksDB (every write synced) or on the memory
 * store, {@code workers} workers. Each job is the one-task factfile of {@link #writeFactfile} with
 * {@code --tag i,<n>}, which makes every job id distinct. The task runner is the one Factotum uses by
 * default ({@link ProcessTaskRunner#boundToNode}) for {@link Work#SH_TRUE}, {@link NoopTaskRunner}
 * for {@link Work#NOOP}, either behind {@link StartRecordingTaskRunner}. A job has finished when
 * Factotum reports {@link SchedulerEvent.JobFinished} (after its final write).
 */
public final class FactotumContender implements Contender {
    private static final String NODE_ID = "bench";

    /** The store under the scheduler. */
    public enum Store { ROCKSDB, MEMORY }

    private final Path factfile;
    private final Optional<Path> storeDir;
    private final Storage storage;
    private final Optional<ProcessTaskRunner> processRunner;
    private final Factotum factotum;

    public FactotumContender(Store store, int workers, int maxJobs, Path factfile, Work work, Tracker tracker)
            throws IOException {
        this.factfile = factfile;
        this.storeDir = store == Store.ROCKSDB ? Optional.of(Files.createTempDirectory("factotum-bench-"))
                : Optional.empty();
        this.storage = storeDir.<Storage>map(RocksDbStorage::open).orElseGet(InMemoryStorage::new);
        this.processRunner = work == Work.SH_TRUE
                ? Optional.of(ProcessTaskRunner.boundToNode(NODE_ID, RunOptions.defaults().gracePeriod()))
                : Optional.empty();
        TaskRunner inner = processRunner.<TaskRunner>map(r -> r).orElseGet(NoopTaskRunner::new);
        this.factotum = Factotum.builder().storage(storage).nodeId(NODE_ID).maxWorkers(workers).maxJobs(maxJobs)
                .taskRunner(new StartRecordingTaskRunner(inner, tracker)).build();
        AtomicBoolean failureShown = new AtomicBoolean();
        factotum.addListener(event -> {
            if (event instanceof SchedulerEvent.JobFinished done) {
                boolean ok = done.run().outcome().orElse(RunOutcome.FAILED) == RunOutcome.SUCCEEDED;
                if (!ok && failureShown.compareAndSet(false, true)) {
                    System.err.println("  Factotum job failed (first one shown): " + done.run());
                }
                tracker.finished(ok);
            }
        });
        factotum.start();
    }

    /** Writes the benchmark's factfile: one task, {@code true {{ tag:i }}}, into {@code dir}. */
    public static Path writeFactfile(Path dir) throws IOException {
        String json = """
                {"schema": "iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0",
                 "data": {"name": "bench true", "tasks": [
                   {"name": "true", "executor": "shell", "command": "true", "arguments": ["{{ tag:i }}"],
                    "dependsOn": [], "onResult": {"terminateJobWithSuccess": [], "continueJob": [0]}}]}}
                """;
        return Files.writeString(dir.resolve("true.factfile"), json);
    }

    @Override
    public void submit(int job) {
        SubmitResult result = factotum.submit(SubmitRequest.of("bench", factfile.toString(), "--tag", "i," + job));
        if (!(result instanceof SubmitResult.Accepted)) {
            throw new IllegalStateException("job " + job + " refused: " + result.message());
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            factotum.close();
            if (processRunner.isPresent()) {
                processRunner.get().close();
            }
        } finally {
            storage.close();
            storeDir.ifPresent(FactotumContender::deleteRecursively);
        }
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
