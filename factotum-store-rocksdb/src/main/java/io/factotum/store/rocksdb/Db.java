package io.factotum.store.rocksdb;

import io.factotum.store.StoreException;
import io.factotum.store.StoreFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open database shared by the RocksDB seams: one lock, synced writes, the counters.
 *
 * <p><b>Atomicity.</b> Every SPI call runs under one lock and writes all its keys in one
 * {@link WriteBatch}, which RocksDB applies atomically. The lock makes read-check-write steps (the
 * duplicate check, version checks, claims) atomic; RocksDB's LOCK file guarantees that no other
 * process writes the directory, so a JVM lock suffices.
 *
 * <p><b>Durability, by group commit.</b> The write-ahead log is on (RocksDB's default, never
 * disabled here). Under the lock a batch is appended to the WAL (in the OS's page cache: a killed
 * process loses nothing) and applied; after the lock is released, the call that wrote waits until
 * the WAL has been fsynced past its batch. One waiting thread fsyncs for all: every batch appended
 * meanwhile shares that fsync, so concurrent transitions cost one disk flush, not one each, and the
 * lock is never held across a flush. The log is sequential, so a durable batch makes every earlier
 * one durable too. A call still returns only once its transition is on disk: a crash (even of the
 * machine) loses nothing that was acknowledged; on open RocksDB replays the WAL. The price: for the
 * moment between its append and the fsync, another thread may read a batch that only a machine
 * crash in that moment would lose (never one of a process crash).
 *
 * <p><b>Failed writes.</b> After a failed write (typically "No space left on device") RocksDB keeps
 * the handle in a background-error state: reads still work, every later write fails, even once the
 * disk has room again, and RocksJava offers no {@code Resume()}. So a failed write marks the store
 * not writable ({@link #checkWritable}); later writes try to recover, at most once per backoff
 * interval (250 ms doubling to 5 s): first a probe file proves the directory takes writes again,
 * then the handle is closed and reopened, which replays the WAL and clears the error. Nothing
 * acknowledged is lost: a failed batch was never acknowledged, and each batch is atomic.
 */
final class Db implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Db.class);

    /** The schema version this build writes and reads. */
    static final int SCHEMA_VERSION = 1;

    static final long FIRST_RETRY_NANOS = 250_000_000L;
    static final long MAX_RETRY_NANOS = 5_000_000_000L;
    /** Written and fsynced before a reopen: room for a new WAL, MANIFEST and OPTIONS file. */
    static final int PROBE_BYTES = 64 * 1024;

    private final Path directory;
    private final Options options;
    private final WriteOptions bufferedWrites;
    private final ReentrantLock lock = new ReentrantLock();
    // Replaced by a recovery (under the lock and the sync lock); null while a reopen has failed.
    private volatile RocksDB rocks;
    /** Batches appended so far; incremented under the lock. */
    private volatile long appended;
    /** Held while fsyncing the WAL, and by whatever closes the handle, so no fsync meets a closed handle. */
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Object durability = new Object();
    /** Batches known durable; guarded by {@link #durability}. */
    private long durable;
    /** Whether a thread is fsyncing for everyone; guarded by {@link #durability}. */
    private boolean syncing;
    /** The batches a failed fsync left in doubt (up to this count); guarded by {@link #durability}. */
    private long failedUpTo;
    private String syncFailure;
    private boolean closed;
    /** Why writes fail, while they do; guarded by the lock. */
    private String writeFailure;
    private long retryDelayNanos = FIRST_RETRY_NANOS;
    private long nextRecoveryNanos;

    // Mirrors of the meta: counters, valid while the lock is held; written in the same batch as the
    // data they number.
    long lastVersion;
    long queueHead;
    long queueTail;
    long lastOutboxSequence;

    private Db(Path directory, Options options, WriteOptions bufferedWrites, RocksDB rocks) {
        this.directory = directory;
        this.options = options;
        this.bufferedWrites = bufferedWrites;
        this.rocks = rocks;
    }

    static Db open(Path directory) {
        RocksDB.loadLibrary();
        try {
            Files.createDirectories(directory);
        } catch (Exception e) {
            throw new StoreException("Cannot create the RocksDB data directory " + directory + ": " + e, e);
        }
        // RocksDB keeps up to 1000 info LOG files by default; a long-lived server needs only the last few.
        Options options = new Options().setCreateIfMissing(true).setKeepLogFileNum(5);
        // Not synced per write: callers wait for a shared fsync instead (see the class comment).
        WriteOptions bufferedWrites = new WriteOptions().setSync(false).setDisableWAL(false);
        RocksDB rocks;
        try {
            rocks = RocksDB.open(options, directory.toString());
        } catch (RocksDBException e) {
            bufferedWrites.close();
            options.close();
            throw openFailure(directory, e);
        }
        Db db = new Db(directory, options, bufferedWrites, rocks);
        try {
            db.checkSchema();
            db.loadCounters();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static StoreException openFailure(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("LOCK") || message.toLowerCase(java.util.Locale.ROOT).contains("lock hold")) {
            return new StoreException("The RocksDB data directory " + directory + " is already in use: another"
                    + " Factotum process (or another store in this process) holds its LOCK file. Stop the other"
                    + " server or give this one a different data directory. (RocksDB: " + message + ")", e);
        }
        return new StoreException("Cannot open the RocksDB data directory " + directory + ": " + message, e);
    }

    private void checkSchema() {
        byte[] stored = get(Keys.SCHEMA);
        if (stored == null) {
            if (!isEmpty()) {
                throw new StoreFormatException("The RocksDB data directory " + directory
                        + " holds a database that is not a Factotum store (it has no schema version)");
            }
            locked(() -> {
                write(batch -> batch.put(Keys.SCHEMA, Values.number(SCHEMA_VERSION)));
                return null;
            });
            return;
        }
        long version = Values.number(Keys.SCHEMA, stored);
        if (version != SCHEMA_VERSION) {
            throw new StoreFormatException("The RocksDB data directory " + directory + " has schema version "
                    + version + ", but this build of Factotum reads only schema version " + SCHEMA_VERSION
                    + (version > SCHEMA_VERSION ? ": it was written by a newer Factotum. Run that version, or"
                            + " restore a backup made by this one." : "."));
        }
    }

    private void loadCounters() {
        lastVersion = counter(Keys.LAST_VERSION);
        queueHead = counter(Keys.QUEUE_HEAD);
        queueTail = counter(Keys.QUEUE_TAIL);
        lastOutboxSequence = counter(Keys.OUTBOX_SEQUENCE);
    }

    private long counter(byte[] key) {
        byte[] value = get(key);
        return value == null ? 0 : Values.number(key, value);
    }

    private boolean isEmpty() {
        try (RocksIterator it = rocks.newIterator()) {
            it.seekToFirst();
            return !it.isValid();
        }
    }

    /**
     * Runs {@code action} under the store's lock, after checking the store is open; if it wrote,
     * returns only once what it wrote is durable (after the lock is released, see the class comment).
     */
    <T> T locked(Supplier<T> action) {
        return locked(action, true);
    }

    /**
     * Like {@link #locked(Supplier)}, but returns as soon as the write is applied, without waiting
     * for the fsync: for writes that a machine crash may lose without harm (a claim of this node's,
     * which the next start hands back anyway). The next durable write makes it durable too.
     */
    <T> T lockedWithoutWaiting(Supplier<T> action) {
        return locked(action, false);
    }

    private <T> T locked(Supplier<T> action, boolean waitForDisk) {
        T result;
        long wrote;
        lock.lock();
        try {
            if (closed) {
                throw new StoreException("The RocksDB store at " + directory + " is closed");
            }
            long before = appended;
            result = action.get();
            wrote = appended == before ? 0 : appended;
        } finally {
            lock.unlock();
        }
        // A nested call leaves the wait to the outermost one, which never waits holding the lock.
        if (waitForDisk && wrote > 0 && !lock.isHeldByCurrentThread()) {
            awaitDurable(wrote);
        }
        return result;
    }

    /**
     * Waits until the first {@code batches} appended are durable: fsyncs the WAL itself if no other
     * thread is doing so, else waits for that thread, whose fsync may already cover them.
     */
    private void awaitDurable(long batches) {
        long upTo;
        synchronized (durability) {
            while (true) {
                if (failedUpTo >= batches && durable < batches) {
                    throw new StoreException("RocksDB could not flush its log in " + directory + ": " + syncFailure);
                }
                if (durable >= batches) {
                    return;
                }
                if (!syncing) {
                    syncing = true;
                    break;
                }
                try {
                    durability.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted while waiting for RocksDB to flush its log in " + directory, e);
                }
            }
            // Everything appended so far is in the log: this fsync covers it all.
            upTo = appended;
        }
        String failure = null;
        syncLock.lock();
        try {
            RocksDB handle = rocks;
            if (handle == null || closed) {
                failure = "the store was closed or is being reopened";
            } else {
                handle.syncWal();
            }
        } catch (RocksDBException e) {
            failure = e.getMessage();
        } finally {
            syncLock.unlock();
        }
        synchronized (durability) {
            syncing = false;
            if (failure == null) {
                durable = Math.max(durable, upTo);
            } else {
                failedUpTo = Math.max(failedUpTo, upTo);
                syncFailure = failure;
            }
            durability.notifyAll();
        }
        if (failure != null) {
            lock.lock();
            try {
                writeFailed(failure);
            } finally {
                lock.unlock();
            }
            throw new StoreException("RocksDB could not flush its log in " + directory + ": " + failure);
        }
    }

    /** Reads a key; call under {@link #locked}. */
    byte[] get(byte[] key) {
        try {
            return open().get(key);
        } catch (RocksDBException e) {
            throw new StoreException("RocksDB read failed in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** A batch being built; its puts and deletes reach the disk together or not at all. */
    interface BatchWriter {
        void fill(WriteBatch batch) throws RocksDBException;
    }

    /**
     * Writes one batch atomically; call under {@link #locked}, which returns once it is durable
     * (WAL, fsync).
     */
    void write(BatchWriter writer) {
        requireWritable();
        try (WriteBatch batch = new WriteBatch()) {
            writer.fill(batch);
            open().write(bufferedWrites, batch);
            appended++;
        } catch (RocksDBException e) {
            writeFailed(e.getMessage());
            throw new StoreException("RocksDB write failed in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Throws unless the store takes writes: after a failed write, until a recovery succeeds (tried
     * here too, at most once per backoff interval). Cheap: it writes nothing while all is well.
     */
    void checkWritable() {
        locked(() -> {
            requireWritable();
            return null;
        });
    }

    private void requireWritable() {
        if (writeFailure == null) {
            return;
        }
        if (System.nanoTime() - nextRecoveryNanos >= 0) {
            recover();
        }
        if (writeFailure != null) {
            throw new StoreException("The RocksDB store at " + directory + " cannot write (" + writeFailure
                    + "); it recovers by itself once the cause is fixed, e.g. space is freed");
        }
    }

    /** Records the first failure's reason (later ones keep it) and schedules the next recovery. */
    private void writeFailed(String reason) {
        if (writeFailure == null) {
            LOG.error("RocksDB write failed in {}: {}; refusing writes until it recovers", directory, reason);
            writeFailure = reason;
            retryDelayNanos = FIRST_RETRY_NANOS;
        }
        nextRecoveryNanos = System.nanoTime() + retryDelayNanos;
        retryDelayNanos = Math.min(MAX_RETRY_NANOS, retryDelayNanos * 2);
    }

    /** Probe, then close and reopen the handle; on success writes are accepted again. */
    private void recover() {
        Path probe = directory.resolve("factotum-space-probe");
        try {
            Files.write(probe, new byte[PROBE_BYTES], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            LOG.debug("RocksDB store at {} still cannot write: {}", directory, e.getMessage());
            writeFailed(e.getMessage());
            return;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                LOG.debug("Could not delete {}: {}", probe, e.getMessage());
            }
        }
        try {
            syncLock.lock();
            try {
                if (rocks != null) {
                    rocks.close();
                    rocks = null;
                }
            } finally {
                syncLock.unlock();
            }
            rocks = RocksDB.open(options, directory.toString());
            loadCounters();
        } catch (RocksDBException | RuntimeException e) {
            LOG.error("RocksDB store at {} could not be reopened (retried): {}", directory, e.getMessage());
            writeFailed(e.getMessage());
            return;
        }
        LOG.warn("RocksDB store at {} takes writes again (reopened after: {})", directory, writeFailure);
        writeFailure = null;
    }

    private RocksDB open() {
        if (rocks == null) {
            throw new StoreException("The RocksDB store at " + directory + " is being reopened after a failed write ("
                    + writeFailure + ")");
        }
        return rocks;
    }

    /** One key and value found by a scan. */
    record Entry(byte[] key, byte[] value) { }

    /**
     * The entries whose keys start with {@code prefix}, from {@code from} on (inclusive; at least the
     * prefix), at most {@code limit} of them; call under {@link #locked}.
     */
    List<Entry> scan(byte[] prefix, byte[] from, int limit) {
        List<Entry> out = new ArrayList<>();
        try (RocksIterator it = open().newIterator()) {
            for (it.seek(from); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (!Keys.startsWith(key, prefix)) {
                    break;
                }
                out.add(new Entry(key, it.value()));
            }
            checkIterator(it);
        }
        return out;
    }

    List<Entry> scan(byte[] prefix) {
        return scan(prefix, prefix, Integer.MAX_VALUE);
    }

    private void checkIterator(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("RocksDB read failed in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            syncLock.lock();
            try {
                if (rocks != null) {
                    rocks.close();
                }
            } finally {
                syncLock.unlock();
            }
            bufferedWrites.close();
            options.close();
        } finally {
            lock.unlock();
        }
    }
}
