package io.factotum.store;

import java.util.List;

/**
 * Webhook events not yet delivered, kept so that they survive a restart (ruling 4) and are
 * delivered in order: a relay peeks the oldest, delivers it, then removes it (at-least-once).
 * A single node relays globally; in a cluster each node relays per job for the jobs it runs.
 */
public interface Outbox {
    /** Appends an event after every earlier one. */
    OutboxEntry append(String jobId, String destination, String payload);

    /** The oldest {@code limit} events, in append order. */
    List<OutboxEntry> peek(int limit);

    /** The oldest {@code limit} events of one job, in append order. */
    List<OutboxEntry> peek(String jobId, int limit);

    /**
     * Removes a delivered event.
     *
     * @return false if it was not there (already removed)
     */
    boolean remove(OutboxEntry entry);
}
