package io.factotum.store.rocksdb;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.store.Claim;
import io.factotum.store.JobQueue;
import io.factotum.store.JobStore;
import io.factotum.store.NodeRegistry;
import io.factotum.store.Outbox;
import io.factotum.store.RunHistory;
import io.factotum.store.Storage;
import io.factotum.store.StoreException;
import io.factotum.store.StoreFormatException;
import io.factotum.store.StoreJson;
import io.factotum.store.StoredJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Durable single-node {@link Storage} in one RocksDB data directory.
 *
 * <ul>
 *   <li><b>Durable before acknowledged:</b> every call that changes anything writes one atomic
 *       {@code WriteBatch} with the write-ahead log on and {@code WriteOptions.setSync(true)}, so the
 *       WAL is fsynced before the call returns.</li>
 *   <li><b>One process:</b> RocksDB's {@code LOCK} file keeps a second process (or a second open in
 *       this one) out; that failure is reported as a {@link StoreException} saying the directory is
 *       in use.</li>
 *   <li><b>Versioned:</b> a schema version key, checked on open, and a format byte on every value;
 *       anything newer than this build understands is refused with {@link StoreFormatException}
 *       rather than misread or overwritten.</li>
 *   <li><b>Recovers from a full disk:</b> after a failed write it refuses writes, and
 *       {@link #checkWritable()} says so, until a reopen succeeds (see {@code Db}).</li>
 *   <li><b>Atomic steps:</b> one lock around each call (see {@code Db}), so the duplicate check and
 *       enqueue, version checks and claims are check-and-set operations.</li>
 * </ul>
 */
public final class RocksDbStorage implements Storage {
    private final Db db;
    private final RocksDbJobStore jobs;
    private final RocksDbJobQueue queue;
    private final RocksDbNodeRegistry nodes;
    private final RocksDbRunHistory runs;
    private final RocksDbOutbox outbox;
    private final RocksDbScheduleStore schedules;

    private RocksDbStorage(Db db, Clock clock) {
        this.db = db;
        this.jobs = new RocksDbJobStore(db);
        this.queue = new RocksDbJobQueue(db, jobs, clock);
        this.nodes = new RocksDbNodeRegistry(db, clock);
        this.runs = new RocksDbRunHistory(db);
        this.outbox = new RocksDbOutbox(db, clock);
        this.schedules = new RocksDbScheduleStore(db);
    }

    /**
     * Opens (creating if needed) the store in {@code directory}; leases follow {@code clock}.
     *
     * @throws StoreException if the directory is locked by another process or cannot be opened
     * @throws StoreFormatException if it was written by a newer version or is not a Factotum store
     */
    public static RocksDbStorage open(Path directory, Clock clock) {
        return new RocksDbStorage(Db.open(directory), clock);
    }

    /** Opens the store in {@code directory} on the system clock. */
    public static RocksDbStorage open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    /**
     * The entry update and the run in one batch: one write instead of two. Not waited for on disk,
     * like {@link RocksDbRunHistory#saveProgress}: a machine crash that loses it leaves the job QUEUED
     * and claimed by this node, so the restart runs it again (at-least-once), and the run's final
     * write ({@link #finishRun}, durable) flushes it with everything before it. A killed process loses
     * nothing: the batch is in the WAL.
     */
    @Override
    public StoredJob startRun(StoredJob current, JobEntry working, JobRun run) {
        byte[] runKey = Keys.run(run.jobId(), run.runReference());
        byte[] runValue = Values.text(StoreJson.encodeRun(run));
        return db.lockedWithoutWaiting(() -> {
            Optional<StoredJob> stored = jobs.readExpected(current);
            StoredJob[] updated = new StoredJob[1];
            db.write(batch -> {
                updated[0] = jobs.put(batch, stored, working);
                batch.put(runKey, runValue);
            });
            db.lastVersion = updated[0].version();
            return updated[0];
        });
    }

    /** The run, the entry update and the ack in one batch: one write instead of three. */
    @Override
    public StoredJob finishRun(JobRun run, StoredJob current, JobEntry done, Claim claim) {
        byte[] runKey = Keys.run(run.jobId(), run.runReference());
        byte[] runValue = Values.text(StoreJson.encodeRun(run));
        return db.locked(() -> {
            Optional<StoredJob> stored = jobs.readExpected(current);
            boolean claimed = queue.holds(claim.token());
            StoredJob[] updated = new StoredJob[1];
            db.write(batch -> {
                batch.put(runKey, runValue);
                updated[0] = jobs.put(batch, stored, done);
                if (claimed) {
                    batch.delete(Keys.claim(claim.token()));
                }
            });
            db.lastVersion = updated[0].version();
            return updated[0];
        });
    }

    @Override
    public JobStore jobs() {
        return jobs;
    }

    @Override
    public JobQueue queue() {
        return queue;
    }

    @Override
    public NodeRegistry nodes() {
        return nodes;
    }

    @Override
    public RunHistory runs() {
        return runs;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    /** Throws while writes fail (e.g. the disk is full); tries a recovery at most once per backoff interval. */
    @Override
    public void checkWritable() {
        db.checkWritable();
    }

    @Override
    public java.util.Optional<io.factotum.store.ScheduleStore> schedules() {
        return java.util.Optional.of(schedules);
    }

    @Override
    public void close() {
        db.close();
    }
}
