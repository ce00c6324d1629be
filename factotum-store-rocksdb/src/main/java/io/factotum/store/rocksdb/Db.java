package io.factotum.store.rocksdb;

import io.factotum.store.StoreException;
import io.factotum.store.StoreFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
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
 * <p><b>Durability.</b> The write-ahead log is on (RocksDB's default, never disabled here) and every
 * batch is written with {@link WriteOptions#setSync(boolean) sync = true}: RocksDB appends the batch
 * to the WAL and fsyncs it before {@code write} returns, so a transition is on disk before the call
 * that made it returns. A crash (even of the machine) loses nothing that was acknowledged; on open
 * RocksDB replays the WAL.
 */
final class Db implements AutoCloseable {
    /** The schema version this build writes and reads. */
    static final int SCHEMA_VERSION = 1;

    private final Path directory;
    private final Options options;
    private final WriteOptions syncWrites;
    private final RocksDB rocks;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    // Mirrors of the meta: counters, valid while the lock is held; written in the same batch as the
    // data they number.
    long lastVersion;
    long queueHead;
    long queueTail;
    long lastOutboxSequence;

    private Db(Path directory, Options options, WriteOptions syncWrites, RocksDB rocks) {
        this.directory = directory;
        this.options = options;
        this.syncWrites = syncWrites;
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
        WriteOptions syncWrites = new WriteOptions().setSync(true).setDisableWAL(false);
        RocksDB rocks;
        try {
            rocks = RocksDB.open(options, directory.toString());
        } catch (RocksDBException e) {
            syncWrites.close();
            options.close();
            throw openFailure(directory, e);
        }
        Db db = new Db(directory, options, syncWrites, rocks);
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
            write(batch -> batch.put(Keys.SCHEMA, Values.number(SCHEMA_VERSION)));
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

    /** Runs {@code action} under the store's lock, after checking the store is open. */
    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            if (closed) {
                throw new StoreException("The RocksDB store at " + directory + " is closed");
            }
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Reads a key; call under {@link #locked}. */
    byte[] get(byte[] key) {
        try {
            return rocks.get(key);
        } catch (RocksDBException e) {
            throw new StoreException("RocksDB read failed in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** A batch being built; its puts and deletes reach the disk together or not at all. */
    interface BatchWriter {
        void fill(WriteBatch batch) throws RocksDBException;
    }

    /** Writes one batch atomically and durably (WAL, fsync); call under {@link #locked}. */
    void write(BatchWriter writer) {
        try (WriteBatch batch = new WriteBatch()) {
            writer.fill(batch);
            rocks.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new StoreException("RocksDB write failed in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** One key and value found by a scan. */
    record Entry(byte[] key, byte[] value) { }

    /**
     * The entries whose keys start with {@code prefix}, from {@code from} on (inclusive; at least the
     * prefix), at most {@code limit} of them; call under {@link #locked}.
     */
    List<Entry> scan(byte[] prefix, byte[] from, int limit) {
        List<Entry> out = new ArrayList<>();
        try (RocksIterator it = rocks.newIterator()) {
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
            rocks.close();
            syncWrites.close();
            options.close();
        } finally {
            lock.unlock();
        }
    }
}
