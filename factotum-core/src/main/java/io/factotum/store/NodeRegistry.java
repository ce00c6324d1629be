package io.factotum.store;

import java.time.Duration;
import java.util.List;

/**
 * The scheduler nodes sharing a store and whether they are alive. A single-node store has one
 * entry; a clustered store (Consul) maps a heartbeat to a session renewal. Times come from the
 * store's {@link java.time.Clock}.
 */
public interface NodeRegistry {
    /** Registers the node or renews its registration until now + {@code ttl}. */
    NodeLease heartbeat(String nodeId, Duration ttl);

    /** Nodes whose registration has not lapsed, by node id. */
    List<NodeLease> liveNodes();

    /** Registered nodes whose registration lapsed, by node id: their claims are up for takeover. */
    List<NodeLease> deadNodes();

    /**
     * Removes a node's registration (clean shutdown, or after its jobs were taken over).
     *
     * @return false if it was not registered
     */
    boolean remove(String nodeId);
}
