package io.factotum.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * The ordered queue of events not yet delivered, between the engine (which appends) and the single
 * sender thread of a {@link WebhookDispatcher} (which reads the head and removes it once the event is
 * delivered or given up).
 *
 * <p>Why a seam: the CLI keeps events in memory ({@link InMemoryWebhookOutbox}); the server must not
 * lose them when it restarts (ruling 4). A durable implementation persists {@link #append} before
 * returning and {@link #removeHead} when called; after a restart it starts with the stored entries,
 * oldest first, and a dispatcher started on it replays them in order before any new event. Because
 * the head is removed only after delivery, an event is sent at least once (possibly twice after a
 * crash mid-delivery).
 *
 * <p>Threading: {@link #append} may be called from any thread; {@link #peek} and {@link #removeHead}
 * are called from the one sender thread only.
 */
public interface WebhookOutbox {
    /** Adds an entry at the tail. Called on the engine's thread: must be quick. */
    void append(OutboxEntry entry);

    /**
     * The oldest entry still held, waiting up to {@code timeout} for one to arrive.
     *
     * @return the head, left in place; empty if none arrived in time
     */
    Optional<OutboxEntry> peek(Duration timeout) throws InterruptedException;

    /**
     * Removes the entry {@link #peek} returned last: it was delivered or given up. A durable outbox
     * may wait here for its store to take the removal.
     *
     * @throws InterruptedException if interrupted while waiting; the entry stays
     */
    void removeHead() throws InterruptedException;

    /** How many entries are held. */
    int size();
}
