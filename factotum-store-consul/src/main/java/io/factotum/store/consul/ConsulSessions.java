package io.factotum.store.consul;

import com.ecwid.consul.transport.HttpResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.store.StoreException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Consul session per node of this process, renewed by its heartbeats, holding the key
 * {@code live/<nodeId>}: Consul deletes that key when the node stops renewing (between TTL and
 * 2×TTL), so operators and tools see the live nodes in Consul itself. Sessions use
 * {@code LockDelay 0s} so a restarted node can take its key again at once.
 */
final class ConsulSessions {
    /** Consul's bounds on a session TTL. */
    static final Duration MIN_TTL = Duration.ofSeconds(10);
    static final Duration MAX_TTL = Duration.ofHours(24);

    private final ConsulKv kv;
    private final ConsulKeys keys;
    private final Map<String, String> sessionByNode = new ConcurrentHashMap<>();

    ConsulSessions(ConsulKv kv, ConsulKeys keys) {
        this.kv = kv;
        this.keys = keys;
    }

    /** Renews the node's session, creating it (and taking its key) if it lapsed or never existed. */
    void renew(String nodeId, Duration ttl) {
        String session = sessionByNode.get(nodeId);
        if (session != null) {
            HttpResponse response = kv.putEndpoint("/v1/session/renew/" + session, "");
            if (response.getStatusCode() == 200) {
                return;
            }
            if (response.getStatusCode() != 404) {
                throw new StoreException("Consul could not renew the session of node " + nodeId + ": HTTP "
                        + response.getStatusCode());
            }
            sessionByNode.remove(nodeId, session);
        }
        session = create(nodeId, ttl);
        sessionByNode.put(nodeId, session);
        kv.acquire(keys.live(nodeId), nodeId, session);
    }

    /** Ends the node's session (clean shutdown); its key goes with it. */
    void destroy(String nodeId) {
        String session = sessionByNode.remove(nodeId);
        if (session != null) {
            kv.putEndpoint("/v1/session/destroy/" + session, "");
        }
    }

    /** Ends every session of this process (the store is closing). */
    void destroyAll() {
        for (String nodeId : java.util.List.copyOf(sessionByNode.keySet())) {
            destroy(nodeId);
        }
    }

    private String create(String nodeId, Duration ttl) {
        Duration bounded = ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        JsonObject body = new JsonObject();
        body.addProperty("Name", "factotum-node-" + nodeId);
        body.addProperty("TTL", bounded.toSeconds() + "s");
        body.addProperty("LockDelay", "0s");
        body.addProperty("Behavior", "delete");
        HttpResponse response = kv.putEndpoint("/v1/session/create", body.toString());
        if (response.getStatusCode() != 200) {
            throw new StoreException("Consul could not create a session for node " + nodeId + ": HTTP "
                    + response.getStatusCode() + " " + response.getContent());
        }
        return JsonParser.parseString(response.getContent()).getAsJsonObject().get("ID").getAsString();
    }
}
