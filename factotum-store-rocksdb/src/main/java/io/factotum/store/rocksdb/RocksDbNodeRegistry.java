package io.factotum.store.rocksdb;

import io.factotum.store.NodeLease;
import io.factotum.store.NodeRegistry;
import io.factotum.store.StoreJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Nodes under {@code node:<id>}. A RocksDB store has one node (its directory is locked to one
 * process), but keeps the same calls so the scheduler does not care.
 */
final class RocksDbNodeRegistry implements NodeRegistry {
    private final Db db;
    private final Clock clock;

    RocksDbNodeRegistry(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public NodeLease heartbeat(String nodeId, Duration ttl) {
        return db.locked(() -> {
            Instant now = clock.instant();
            byte[] key = Keys.node(nodeId);
            byte[] previous = db.get(key);
            Instant firstSeen = previous == null ? now : StoreJson.decodeNode(Values.text(key, previous)).firstSeen();
            NodeLease lease = new NodeLease(nodeId, firstSeen, now, now.plus(ttl));
            db.write(batch -> batch.put(key, Values.text(StoreJson.encodeNode(lease))));
            return lease;
        });
    }

    @Override
    public List<NodeLease> liveNodes() {
        return nodes(lease -> lease.isLiveAt(clock.instant()));
    }

    @Override
    public List<NodeLease> deadNodes() {
        return nodes(lease -> !lease.isLiveAt(clock.instant()));
    }

    private List<NodeLease> nodes(Predicate<NodeLease> which) {
        return db.locked(() -> db.scan(Keys.NODE).stream()
                .map(e -> StoreJson.decodeNode(Values.text(e.key(), e.value())))
                .filter(which)
                .toList());
    }

    @Override
    public boolean remove(String nodeId) {
        return db.locked(() -> {
            byte[] key = Keys.node(nodeId);
            if (db.get(key) == null) {
                return false;
            }
            db.write(batch -> batch.delete(key));
            return true;
        });
    }
}
