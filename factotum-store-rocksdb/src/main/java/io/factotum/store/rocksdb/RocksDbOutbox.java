package io.factotum.store.rocksdb;

import io.factotum.store.Outbox;
import io.factotum.store.OutboxEntry;
import io.factotum.store.StoreJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Events under {@code outbox:<seq>}, indexed per job under {@code outbox-job:<jobId>\0<seq>}. */
final class RocksDbOutbox implements Outbox {
    private final Db db;
    private final Clock clock;

    RocksDbOutbox(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public OutboxEntry append(String jobId, String destination, String payload) {
        return db.locked(() -> {
            OutboxEntry entry = new OutboxEntry(db.lastOutboxSequence + 1, jobId, destination, payload, clock.instant());
            db.write(batch -> {
                batch.put(Keys.outbox(entry.sequence()), Values.text(StoreJson.encodeOutboxEntry(entry)));
                batch.put(Keys.outboxOf(jobId, entry.sequence()), Values.empty());
                batch.put(Keys.OUTBOX_SEQUENCE, Values.number(entry.sequence()));
            });
            db.lastOutboxSequence = entry.sequence();
            return entry;
        });
    }

    @Override
    public List<OutboxEntry> peek(int limit) {
        return db.locked(() -> db.scan(Keys.OUTBOX, Keys.OUTBOX, limit).stream()
                .map(e -> StoreJson.decodeOutboxEntry(Values.text(e.key(), e.value())))
                .toList());
    }

    @Override
    public List<OutboxEntry> peek(String jobId, int limit) {
        byte[] prefix = Keys.outboxOf(jobId);
        return db.locked(() -> {
            List<OutboxEntry> entries = new ArrayList<>();
            for (Db.Entry index : db.scan(prefix, prefix, limit)) {
                byte[] key = Keys.outbox(Keys.sequenceAfter(index.key(), prefix));
                entries.add(StoreJson.decodeOutboxEntry(Values.text(key, db.get(key))));
            }
            return entries;
        });
    }

    @Override
    public boolean remove(OutboxEntry entry) {
        return db.locked(() -> {
            byte[] key = Keys.outbox(entry.sequence());
            byte[] value = db.get(key);
            if (value == null) {
                return false;
            }
            String jobId = StoreJson.decodeOutboxEntry(Values.text(key, value)).jobId();
            db.write(batch -> {
                batch.delete(key);
                batch.delete(Keys.outboxOf(jobId, entry.sequence()));
            });
            return true;
        });
    }
}
