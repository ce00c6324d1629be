package io.factotum.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.job.JobEntry;
import io.factotum.job.JobEntryJson;
import io.factotum.job.JobRequest;
import io.factotum.job.JobRun;
import io.factotum.job.RunOutcome;
import io.factotum.store.Claim;
import io.factotum.store.EnqueueResult;
import io.factotum.store.NodeLease;
import io.factotum.store.OutboxEntry;
import io.factotum.store.SettableClock;
import io.factotum.store.StoreException;
import io.factotum.store.StoreFormatException;
import io.factotum.store.StoredJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** What only the RocksDB store promises: the directory lock, durability across reopen, versioning. */
class RocksDbStorageTest {
    private static final JobEntry ENTRY = JobEntry.queued(
            new JobRequest("6ef5cf55", "echotest", "/factotum/samples/echo.factfile", List.of("--tag", "foo,bar")),
            "factotum");

    @TempDir
    Path directory;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aSecondOpenOfTheSameDirectoryFailsWithAClearMessage() {
        try (RocksDbStorage first = RocksDbStorage.open(directory, clock)) {
            assertThatThrownBy(() -> RocksDbStorage.open(directory, clock))
                    .isExactlyInstanceOf(StoreException.class)
                    .hasMessageStartingWith("The RocksDB data directory " + directory + " is already in use: another"
                            + " Factotum process (or another store in this process) holds its LOCK file.");
            assertThat(first.queue().enqueue(ENTRY, 10)).as("the first store still works")
                    .isInstanceOf(EnqueueResult.Enqueued.class);
        }
        try (RocksDbStorage again = RocksDbStorage.open(directory, clock)) {
            assertThat(again.jobs().get(ENTRY.jobId())).isPresent();
        }
    }

    @Test
    void aSecondProcessIsLockedOut() throws Exception {
        try (RocksDbStorage held = RocksDbStorage.open(directory, clock)) {
            Probe probe = probe();
            assertThat(probe.exitCode()).isEqualTo(3);
            assertThat(probe.output()).startsWith("The RocksDB data directory " + directory + " is already in use");
            assertThat(held.queue().size()).as("the holder is unaffected").isZero();
        }
        assertThat(probe()).isEqualTo(new Probe(0, "opened\n"));
    }

    @Test
    void anAcknowledgedWriteSurvivesAProcessThatHaltsWithoutClosing() throws Exception {
        assertThat(probe("crash", "crashed-job")).isEqualTo(new Probe(0, "enqueued\n"));

        try (RocksDbStorage storage = RocksDbStorage.open(directory, clock)) {
            assertThat(storage.jobs().get("crashed-job")).map(job -> job.entry().lastRunFrom()).contains("crasher");
            assertThat(storage.queue().claimNext("factotum", Duration.ofMinutes(1))).map(Claim::jobId)
                    .contains("crashed-job");
        }
    }

    private record Probe(int exitCode, String output) { }

    private Probe probe(String... extraArgs) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), LockProbeMain.class.getName(), directory.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        return new Probe(process.exitValue(), output);
    }

    @Test
    void aReopenKeepsEverything() {
        StoredJob working;
        Claim claim;
        NodeLease node;
        OutboxEntry event;
        JobRun run;
        try (RocksDbStorage storage = RocksDbStorage.open(directory, clock)) {
            storage.queue().enqueue(ENTRY, 10);
            storage.queue().enqueue(JobEntry.queued(new JobRequest("second", "n", "/p", List.of()), "factotum"), 10);
            claim = storage.queue().claimNext("factotum", Duration.ofMinutes(1)).orElseThrow();
            StoredJob queued = storage.jobs().get(ENTRY.jobId()).orElseThrow();
            working = storage.jobs().update(queued, queued.entry().working("factotum"));
            node = storage.nodes().heartbeat("factotum", Duration.ofSeconds(30));
            event = storage.outbox().append(ENTRY.jobId(), "http://127.0.0.1/hook", "{\"e\":1}");
            run = JobRun.started(ENTRY.jobId(), "run-1", "factotum", clock.instant());
            storage.runs().save(run);
        }

        try (RocksDbStorage storage = RocksDbStorage.open(directory, clock)) {
            assertThat(storage.jobs().get(ENTRY.jobId())).contains(working);
            assertThat(storage.queue().size()).isEqualTo(1);
            assertThat(storage.nodes().liveNodes()).containsExactly(node);
            assertThat(storage.outbox().peek(10)).containsExactly(event);
            assertThat(storage.runs().runs(ENTRY.jobId())).containsExactly(run);
            assertThat(storage.queue().renew(claim, Duration.ofMinutes(1))).as("the claim is still held").isPresent();
            assertThat(storage.queue().ack(claim)).isTrue();
            StoredJob done = storage.jobs().update(working, working.entry().done(RunOutcome.SUCCEEDED, "factotum"));
            assertThat(done.version()).isGreaterThan(working.version());
            assertThat(storage.queue().claimNext("factotum", Duration.ofMinutes(1))).map(Claim::jobId).contains("second");
        }
    }

    @Test
    void aJobValueIsAFormatByteTheVersionAndTheServersJson() throws Exception {
        long version;
        try (RocksDbStorage storage = RocksDbStorage.open(directory, clock)) {
            version = ((EnqueueResult.Enqueued) storage.queue().enqueue(ENTRY, 10)).job().version();
        }

        byte[] value = rawGet(Keys.job(ENTRY.jobId()));

        assertThat(value[0]).isEqualTo((byte) 1);
        assertThat(java.nio.ByteBuffer.wrap(value, 1, 8).getLong()).isEqualTo(version);
        assertThat(new String(value, 9, value.length - 9, StandardCharsets.UTF_8)).isEqualTo(JobEntryJson.encode(ENTRY));
    }

    @Test
    void aStoreWrittenByANewerSchemaIsRefusedAndLeftAlone() throws Exception {
        RocksDbStorage.open(directory, clock).close();
        rawPut(Keys.SCHEMA, Values.number(2));

        assertThatThrownBy(() -> RocksDbStorage.open(directory, clock))
                .isInstanceOf(StoreFormatException.class)
                .hasMessage("The RocksDB data directory " + directory + " has schema version 2, but this build of"
                        + " Factotum reads only schema version 1: it was written by a newer Factotum. Run that"
                        + " version, or restore a backup made by this one.");
        assertThat(rawGet(Keys.SCHEMA)).isEqualTo(Values.number(2));
        assertThatThrownBy(() -> RocksDbStorage.open(directory, clock))
                .as("the failed open released the directory lock").isInstanceOf(StoreFormatException.class);
    }

    @Test
    void aValueInAnUnknownEncodingIsRefused() throws Exception {
        try (RocksDbStorage storage = RocksDbStorage.open(directory, clock)) {
            storage.queue().enqueue(ENTRY, 10);
        }
        byte[] value = rawGet(Keys.job(ENTRY.jobId()));
        value[0] = 7;
        rawPut(Keys.job(ENTRY.jobId()), value);

        try (RocksDbStorage storage = RocksDbStorage.open(directory, clock)) {
            assertThatThrownBy(() -> storage.jobs().get(ENTRY.jobId()))
                    .isInstanceOf(StoreFormatException.class)
                    .hasMessage("The value under 'job:6ef5cf55' has encoding version 7, but this build of Factotum"
                            + " reads only version 1: it was written by a newer Factotum, or is corrupt");
            assertThatThrownBy(() -> storage.queue().enqueue(ENTRY, 10)).isInstanceOf(StoreFormatException.class);
        }
        assertThat(rawGet(Keys.job(ENTRY.jobId()))[0]).as("nothing was overwritten").isEqualTo((byte) 7);
    }

    @Test
    void aRocksDbThatIsNotAFactotumStoreIsRefused() throws Exception {
        rawPut("someone else's".getBytes(StandardCharsets.UTF_8), new byte[] {42});

        assertThatThrownBy(() -> RocksDbStorage.open(directory, clock))
                .isInstanceOf(StoreFormatException.class)
                .hasMessageContaining("is not a Factotum store");
    }

    @Test
    void aClosedStoreRefusesCallsAndClosesOnce() {
        RocksDbStorage storage = RocksDbStorage.open(directory, clock);
        storage.close();
        storage.close();

        assertThatThrownBy(() -> storage.jobs().get("x"))
                .isInstanceOf(StoreException.class).hasMessageContaining("is closed");
    }

    private byte[] rawGet(byte[] key) throws RocksDBException {
        try (Options options = new Options(); RocksDB db = RocksDB.open(options, directory.toString())) {
            byte[] value = db.get(key);
            return value == null ? null : Arrays.copyOf(value, value.length);
        }
    }

    private void rawPut(byte[] key, byte[] value) throws RocksDBException {
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, directory.toString())) {
            db.put(key, value);
        }
    }
}
