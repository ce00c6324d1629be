package io.factotum.bench.jmh;

import io.factotum.job.JobEntry;
import io.factotum.job.JobEntryJson;
import io.factotum.job.JobRequest;
import io.factotum.store.EnqueueResult;
import io.factotum.store.Storage;
import io.factotum.store.StoredJob;
import io.factotum.store.memory.InMemoryStorage;
import io.factotum.store.rocksdb.RocksDbStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * One store transition: a version-checked job entry update (WORKING to WORKING, the same bytes every
 * time) on the RocksDB store, synchronous and durable, and on the memory store; both against a raw
 * RocksDB synchronous put of the entry's bytes, the floor any durable write on this disk pays.
 * The stores live under the directory named by {@code factotum.bench.dir} (default: the temp dir),
 * which should be on the disk a server would use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreTransitionBenchmark {
    private static final String JOB_ID = "b".repeat(64);

    private Path root;
    private Storage rocksStore;
    private Storage memoryStore;
    private StoredJob rocksCurrent;
    private StoredJob memoryCurrent;
    private JobEntry working;
    private Options rawOptions;
    private WriteOptions rawSync;
    private RocksDB raw;
    private byte[] rawKey;
    private byte[] rawValue;

    @Setup
    public void setUp() throws IOException, RocksDBException {
        Path parent = Path.of(System.getProperty("factotum.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        root = Files.createTempDirectory(parent, "jmh-store");
        JobEntry queued = JobEntry.queued(new JobRequest(JOB_ID, "bench job", "/srv/factfiles/bench.factfile",
                List.of("--tag", "client,bench")), "node-1");
        working = queued.working("node-1");
        rocksStore = RocksDbStorage.open(root.resolve("factotum"));
        memoryStore = new InMemoryStorage();
        rocksCurrent = firstTransition(rocksStore, queued);
        memoryCurrent = firstTransition(memoryStore, queued);

        RocksDB.loadLibrary();
        rawOptions = new Options().setCreateIfMissing(true);
        rawSync = new WriteOptions().setSync(true);
        raw = RocksDB.open(rawOptions, root.resolve("raw").toString());
        rawKey = ("job/" + JOB_ID).getBytes(StandardCharsets.UTF_8);
        rawValue = JobEntryJson.encode(working).getBytes(StandardCharsets.UTF_8);
    }

    private StoredJob firstTransition(Storage storage, JobEntry queued) {
        EnqueueResult result = storage.queue().enqueue(queued, 1_000);
        StoredJob stored = storage.jobs().get(JOB_ID).orElseThrow(() -> new IllegalStateException(
                "enqueue did not store the job: " + result));
        return storage.jobs().update(stored, working);
    }

    @TearDown
    public void tearDown() throws IOException {
        rocksStore.close();
        memoryStore.close();
        raw.close();
        rawSync.close();
        rawOptions.close();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    @ComparedWith("rawRocksDbSyncPut")
    public StoredJob rocksDbUpdate() {
        rocksCurrent = rocksStore.jobs().update(rocksCurrent, working);
        return rocksCurrent;
    }

    @Benchmark
    @ComparedWith("rawRocksDbSyncPut")
    public StoredJob memoryUpdate() {
        memoryCurrent = memoryStore.jobs().update(memoryCurrent, working);
        return memoryCurrent;
    }

    @Benchmark
    public void rawRocksDbSyncPut() throws RocksDBException {
        raw.put(rawSync, rawKey, rawValue);
    }
}
