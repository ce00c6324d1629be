package io.factotum.store.rocksdb;

import io.factotum.job.JobEntry;
import io.factotum.job.JobState;
import io.factotum.store.JobStore;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.StoreFormatException;
import io.factotum.store.StoredJob;
import io.factotum.store.VersionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** Job entries under {@code job:<id>}, with a {@code state:<STATE>:<id>} index for listing. */
final class RocksDbJobStore implements JobStore {
    private final Db db;

    RocksDbJobStore(Db db) {
        this.db = db;
    }

    @Override
    public Optional<StoredJob> get(String jobId) {
        return db.locked(() -> read(jobId));
    }

    /** The stored job; call under the lock. */
    Optional<StoredJob> read(String jobId) {
        byte[] key = Keys.job(jobId);
        byte[] value = db.get(key);
        return value == null ? Optional.empty() : Optional.of(Values.job(key, value));
    }

    /**
     * {@code current} if the store still holds it (same version): read without decoding the entry,
     * since an equal version means an equal entry; call under the lock.
     *
     * @throws VersionConflictException if the job is gone or at another version
     */
    Optional<StoredJob> readExpected(StoredJob current) {
        byte[] key = Keys.job(current.jobId());
        byte[] value = db.get(key);
        if (value == null || Values.jobVersion(key, value) != current.version()) {
            throw new VersionConflictException(current.jobId(), current.version());
        }
        return Optional.of(current);
    }

    /**
     * Adds to {@code batch} the writes that store {@code next} over {@code previous} (absent for a new
     * job), at the next store-wide version; call under the lock and write the batch.
     */
    StoredJob put(WriteBatch batch, Optional<StoredJob> previous, JobEntry next) throws RocksDBException {
        StoredJob stored = new StoredJob(next, db.lastVersion + 1);
        if (previous.isPresent()) {
            batch.delete(Keys.stateIndex(previous.get().entry().state(), next.jobId()));
        }
        batch.put(Keys.job(next.jobId()), Values.job(stored));
        batch.put(Keys.stateIndex(next.state(), next.jobId()), Values.empty());
        batch.put(Keys.LAST_VERSION, Values.number(stored.version()));
        return stored;
    }

    @Override
    public StoredJob update(StoredJob current, JobEntry next) {
        if (!current.jobId().equals(next.jobId())) {
            throw new IllegalArgumentException("Cannot update job " + current.jobId() + " with an entry for " + next.jobId());
        }
        return db.locked(() -> {
            Optional<StoredJob> stored = readExpected(current);
            StoredJob[] updated = new StoredJob[1];
            db.write(batch -> updated[0] = put(batch, stored, next));
            db.lastVersion = updated[0].version();
            return updated[0];
        });
    }

    @Override
    public Page<StoredJob> list(JobState state, PageRequest page) {
        return db.locked(() -> {
            byte[] prefix = Keys.stateIndexPrefix(state);
            byte[] from = page.after().map(after -> Keys.stateIndex(state, after + '\0')).orElse(prefix);
            List<StoredJob> items = new ArrayList<>();
            List<Db.Entry> found = db.scan(prefix, from, page.limit() + 1);
            for (Db.Entry entry : found.subList(0, Math.min(page.limit(), found.size()))) {
                String jobId = Keys.suffix(entry.key(), prefix);
                items.add(read(jobId).orElseThrow(() -> new StoreFormatException(
                        "The state index lists job " + jobId + ", which has no entry")));
            }
            Optional<PageRequest> next = found.size() > page.limit()
                    ? Optional.of(PageRequest.after(items.get(items.size() - 1).jobId(), page.limit()))
                    : Optional.empty();
            return new Page<>(items, next);
        });
    }
}
