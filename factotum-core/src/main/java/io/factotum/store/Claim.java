package io.factotum.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A node's hold on a job taken from the queue. The hold lasts until {@code leaseExpiresAt}; the node
 * keeps it by {@linkplain JobQueue#renew renewing} while it is alive, so when a node dies its claims
 * expire and another node can {@linkplain JobQueue#release hand them back} to the queue.
 *
 * @param jobId the claimed job
 * @param nodeId the node holding it
 * @param token identifies this claim among all claims ever made on the job; ack, renew and release
 *     act only while the stored claim still has this token
 * @param claimedAt when the job was claimed
 * @param leaseExpiresAt when the claim lapses unless renewed before
 */
public record Claim(String jobId, String nodeId, String token, Instant claimedAt, Instant leaseExpiresAt) {
    public Claim {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    }

    /** Whether the lease has lapsed at {@code now} (the expiry instant itself counts as lapsed). */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(leaseExpiresAt);
    }
}
