package io.factotum.store.rocksdb;

import io.factotum.job.JobRun;
import io.factotum.store.RunHistory;
import io.factotum.store.StoreJson;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
        put(run, true);
    }

    /** Applied and in the WAL at once (a killed process keeps it); the next durable write flushes it. */
    @Override
    public void saveProgress(JobRun run) {
        put(run, false);
    }

    private void put(JobRun run, boolean waitForDisk) {
        byte[] key = Keys.run(run.jobId(), run.runReference());
        byte[] value = Values.text(StoreJson.encodeRun(run));
        Supplier<Void> write = () -> {
            db.write(batch -> batch.put(key, value));
            return null;
        };
        if (waitForDisk) {
            db.locked(write);
        } else {
            db.lockedWithoutWaiting(write);
        }
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

    /** One lock for the whole page; each run is read only up to its start time, not its tasks' output. */
    @Override
    public Map<String, Instant> latestStarts(Collection<String> jobIds) {
        return db.locked(() -> {
            Map<String, Instant> latest = new HashMap<>();
            for (String jobId : jobIds) {
                for (Db.Entry e : db.scan(Keys.runsOf(jobId))) {
                    Instant started = StoreJson.runStartedAt(Values.textReader(e.key(), e.value()));
                    latest.merge(jobId, started, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            return latest;
        });
    }
}
