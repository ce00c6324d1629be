package io.factotum.store.consul;

import io.factotum.store.NodeLease;
import io.factotum.store.NodeRegistry;
import io.factotum.store.StoreJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Node registrations under {@code nodes/}, one key per node, written with check-and-set. Each
 * heartbeat also renews the node's Consul session ({@link ConsulSessions}), so Consul itself sees
 * which nodes are alive; the lease times the scheduler reasons with come from the store's clock.
 */
final class ConsulNodeRegistry implements NodeRegistry {
    private final ConsulKv kv;
    private final ConsulKeys keys;
    private final Clock clock;
    private final ConsulSessions sessions;

    ConsulNodeRegistry(ConsulKv kv, ConsulKeys keys, Clock clock, ConsulSessions sessions) {
        this.kv = kv;
        this.keys = keys;
        this.clock = clock;
        this.sessions = sessions;
    }

    @Override
    public NodeLease heartbeat(String nodeId, Duration ttl) {
        String key = keys.node(nodeId);
        sessions.renew(nodeId, ttl);
        while (true) {
            Optional<ConsulKv.Entry> stored = kv.get(key);
            Instant now = clock.instant();
            Instant firstSeen = stored.map(e -> StoreJson.decodeNode(e.value()).firstSeen()).orElse(now);
            NodeLease lease = new NodeLease(nodeId, firstSeen, now, now.plus(ttl));
            long index = stored.map(ConsulKv.Entry::modifyIndex).orElse(0L);
            if (kv.transaction(new Txn().cas(key, StoreJson.encodeNode(lease), index)).isPresent()) {
                return lease;
            }
        }
    }

    @Override
    public List<NodeLease> liveNodes() {
        Instant now = clock.instant();
        return nodes().stream().filter(n -> n.isLiveAt(now)).toList();
    }

    @Override
    public List<NodeLease> deadNodes() {
        Instant now = clock.instant();
        return nodes().stream().filter(n -> !n.isLiveAt(now)).toList();
    }

    @Override
    public boolean remove(String nodeId) {
        sessions.destroy(nodeId);
        return kv.deleteIfPresent(keys.node(nodeId));
    }

    private List<NodeLease> nodes() {
        return kv.list(keys.nodesPrefix()).stream().map(e -> StoreJson.decodeNode(e.value()))
                .sorted(Comparator.comparing(NodeLease::nodeId)).toList();
    }
}
