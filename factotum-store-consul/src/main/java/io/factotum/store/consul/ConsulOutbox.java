package io.factotum.store.consul;

import io.factotum.store.Outbox;
import io.factotum.store.OutboxEntry;
import io.factotum.store.StoreJson;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Undelivered webhook events under {@code outbox/<sequence>}; the sequence is a counter key bumped
 * in the same transaction that writes the event, so sequences are unique and grow cluster-wide.
 */
final class ConsulOutbox implements Outbox {
    private final ConsulKv kv;
    private final ConsulKeys keys;
    private final Clock clock;

    ConsulOutbox(ConsulKv kv, ConsulKeys keys, Clock clock) {
        this.kv = kv;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public OutboxEntry append(String jobId, String destination, String payload) {
        while (true) {
            Optional<ConsulKv.Entry> counter = kv.get(keys.outboxSequence());
            long last = counter.map(e -> Long.parseLong(e.value().trim())).orElse(0L);
            OutboxEntry entry = new OutboxEntry(last + 1, jobId, destination, payload, clock.instant());
            Txn txn = new Txn()
                    .cas(keys.outboxSequence(), Long.toString(entry.sequence()),
                            counter.map(ConsulKv.Entry::modifyIndex).orElse(0L))
                    .cas(keys.outboxItem(entry.sequence()), StoreJson.encodeOutboxEntry(entry), 0);
            if (kv.transaction(txn).isPresent()) {
                return entry;
            }
        }
    }

    @Override
    public List<OutboxEntry> peek(int limit) {
        return entries().stream().limit(limit).toList();
    }

    @Override
    public List<OutboxEntry> peek(String jobId, int limit) {
        return entries().stream().filter(e -> e.jobId().equals(jobId)).limit(limit).toList();
    }

    @Override
    public boolean remove(OutboxEntry entry) {
        return kv.deleteIfPresent(keys.outboxItem(entry.sequence()));
    }

    private List<OutboxEntry> entries() {
        return kv.list(keys.outboxPrefix()).stream().map(e -> StoreJson.decodeOutboxEntry(e.value()))
                .sorted(Comparator.comparingLong(OutboxEntry::sequence)).toList();
    }
}
