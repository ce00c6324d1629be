package io.factotum.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A scheduler node's registration: it is live while it keeps heart-beating.
 *
 * @param nodeId the node ({@code --consul-name}, {@code lastRunFrom})
 * @param firstSeen when the node first registered
 * @param lastHeartbeat its latest heartbeat
 * @param expiresAt when it counts as dead unless it beats again
 */
public record NodeLease(String nodeId, Instant firstSeen, Instant lastHeartbeat, Instant expiresAt) {
    public NodeLease {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the node is live at {@code now} (the expiry instant itself counts as dead). */
    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
