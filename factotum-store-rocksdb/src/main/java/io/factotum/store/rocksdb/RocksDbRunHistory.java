package io.factotum.store.rocksdb;

import io.factotum.job.JobRun;
import io.factotum.store.RunHistory;
import io.factotum.store.StoreJson;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Runs under {@code run:<jobId>\0<runReference>}. */
final class RocksDbRunHistory implements RunHistory {
    private static final Comparator<JobRun> OLDEST_FIRST =
            Comparator.comparing(JobRun::startedAt).thenComparing(JobRun::runReference);

    private final Db db;

    RocksDbRunHistory(Db db) {
        this.db = db;
    }

    @Override
    public void save(JobRun run) {
        byte[] key = Keys.run(run.jobId(), run.runReference());
        byte[] value = Values.text(StoreJson.encodeRun(run));
        db.locked(() -> {
            db.write(batch -> batch.put(key, value));
            return null;
        });
    }

    /** Applied and in the WAL at once (a killed process keeps it); the next durable write flushes it. */
    @Override
    public void saveProgress(JobRun run) {
        byte[] key = Keys.run(run.jobId(), run.runReference());
        byte[] value = Values.text(StoreJson.encodeRun(run));
        db.lockedWithoutWaiting(() -> {
            db.write(batch -> batch.put(key, value));
            return null;
        });
    }

    @Override
    public Optional<JobRun> get(String jobId, String runReference) {
        byte[] key = Keys.run(jobId, runReference);
        return db.locked(() -> Optional.ofNullable(db.get(key)).map(v -> StoreJson.decodeRun(Values.text(key, v))));
    }

    @Override
    public List<JobRun> runs(String jobId) {
        byte[] prefix = Keys.runsOf(jobId);
        return db.locked(() -> db.scan(prefix).stream()
                .map(e -> StoreJson.decodeRun(Values.text(e.key(), e.value())))
                .sorted(OLDEST_FIRST)
                .toList());
    }
}
