package io.factotum.scheduler;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.store.Outbox;
import io.factotum.store.StoreException;
import io.factotum.store.StoreFormatException;
import io.factotum.webhook.OutboxEntry;
import io.factotum.webhook.WebhookOutbox;
import io.factotum.webhook.WebhookPayload;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One job's webhook events kept in the store's {@link Outbox}, so that events not yet delivered
 * survive a crash and are sent, in order, after the restart (ruling 4). The stored payload holds
 * the {@link WebhookPayload}'s parts rather than the final body, because Factotum computes
 * {@code runDuration} only when an event is taken for sending.
 *
 * <p>Only one {@link io.factotum.webhook.WebhookDispatcher} may read a given job's events at a time;
 * {@link WebhookRelay} sees to that.
 *
 * <p>A store that blinks (Consul restarting) loses nothing: events that cannot be stored wait in
 * memory, behind the stored ones, and are stored in order once the store answers; a delivered event
 * that cannot be removed yet is removed before anything else is read, so it is not sent twice.
 */
final class StoreWebhookOutbox implements WebhookOutbox {
    private static final Logger LOG = LogManager.getLogger(StoreWebhookOutbox.class);
    /** How long to wait between tries while the store is unreachable. */
    private static final Duration STORE_RETRY = Duration.ofMillis(250);

    private final Outbox outbox;
    private final String jobId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** The entry {@link #peek} returned last; touched by the sender thread only. */
    private io.factotum.store.OutboxEntry head;
    /** A delivered entry the store could not remove yet; touched by the sender thread only. */
    private io.factotum.store.OutboxEntry delivered;
    /** Events not yet stored, oldest first (the store was unreachable); guarded by {@link #lock}. */
    private final Deque<OutboxEntry> unstored = new ArrayDeque<>();

    StoreWebhookOutbox(Outbox outbox, String jobId) {
        this.outbox = outbox;
        this.jobId = jobId;
    }

    @Override
    public void append(OutboxEntry entry) {
        lock.lock();
        try {
            unstored.addLast(entry);
            storeUnstored();
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stores the waiting events in order; false if the store is still unreachable. Under the lock. */
    private boolean storeUnstored() {
        while (!unstored.isEmpty()) {
            OutboxEntry next = unstored.peekFirst();
            try {
                outbox.append(jobId, next.url().toString(), encode(next.payload()));
            } catch (StoreException e) {
                if (unstored.size() == 1) {
                    LOG.warn("Job {}: webhook events wait in memory until the store is back: {}", jobId, e.getMessage());
                }
                return false;
            }
            unstored.removeFirst();
        }
        return true;
    }

    @Override
    public Optional<OutboxEntry> peek(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        while (true) {
            long before = System.nanoTime();
            Optional<List<io.factotum.store.OutboxEntry>> first = readHead();
            if (first.isPresent() && !first.get().isEmpty()) {
                head = first.get().get(0);
                return Optional.of(new OutboxEntry(URI.create(head.destination()), decode(head.payload())));
            }
            if (remaining <= 0) {
                return Optional.empty();
            }
            lock.lockInterruptibly();
            try {
                if (first.isEmpty()) {
                    // The store is unreachable: try again soon.
                    appended.awaitNanos(Math.min(remaining, STORE_RETRY.toNanos()));
                } else if (unstored.isEmpty() && outbox.peek(jobId, 1).isEmpty()) {
                    // Re-check under the lock so an append between the read and the wait is not missed.
                    appended.awaitNanos(remaining);
                }
            } catch (StoreException e) {
                // unreachable again: the next round waits
            } finally {
                lock.unlock();
            }
            remaining -= System.nanoTime() - before;
        }
    }

    /** The head of the stored events once every earlier change is stored; empty while the store is unreachable. */
    private Optional<List<io.factotum.store.OutboxEntry>> readHead() {
        try {
            if (delivered != null) {
                outbox.remove(delivered);
                delivered = null;
            }
            lock.lock();
            try {
                if (!storeUnstored()) {
                    return Optional.empty();
                }
            } finally {
                lock.unlock();
            }
            return Optional.of(outbox.peek(jobId, 1));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public void removeHead() {
        if (head == null) {
            throw new IllegalStateException("nothing was peeked");
        }
        try {
            outbox.remove(head);
        } catch (StoreException e) {
            delivered = head; // removed before the next peek reads anything
        }
        head = null;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return outbox.peek(jobId, Integer.MAX_VALUE).size() + unstored.size() - (delivered == null ? 0 : 1);
        } finally {
            lock.unlock();
        }
    }

    static String encode(WebhookPayload payload) {
        JsonObject o = new JsonObject();
        o.addProperty("before", payload.jsonBeforeRunDuration());
        o.addProperty("after", payload.jsonAfterRunDuration());
        o.addProperty("startTime", payload.startTime().toString());
        return o.toString();
    }

    static WebhookPayload decode(String stored) {
        try {
            JsonObject o = JsonParser.parseString(stored).getAsJsonObject();
            return new WebhookPayload(o.get("before").getAsString(), o.get("after").getAsString(),
                    Instant.parse(o.get("startTime").getAsString()));
        } catch (RuntimeException e) {
            throw new StoreFormatException("Stored webhook event is not readable: " + e.getMessage(), e);
        }
    }
}
