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
 * <p><b>When the store cannot write</b> (a full disk): {@link #append} runs on the engine's thread
 * and must neither fail the run nor lose the event, so an event the store refuses is kept in memory,
 * behind those stored, and stored (in order, before any newer event) as soon as the store takes
 * writes again; only a crash before then loses it. {@link #removeHead} waits for the store, so a
 * delivered event is not sent again.
 */
final class StoreWebhookOutbox implements WebhookOutbox {
    private static final Logger LOG = LogManager.getLogger(StoreWebhookOutbox.class);
    /** How often events held in memory, or a removal, are tried again while the store refuses. */
    static final Duration STORE_RETRY = Duration.ofMillis(250);

    private final Outbox outbox;
    private final String jobId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private boolean refusing;
    /** The entry {@link #peek} returned last; touched by the sender thread only. */
    private io.factotum.store.OutboxEntry head;
    /** Events the store refused, oldest first; guarded by the lock. */
    private final ArrayDeque<OutboxEntry> unstored = new ArrayDeque<>();

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

    /** Moves the refused events to the store, oldest first, until it refuses again; under the lock. */
    private void storeUnstored() {
        while (!unstored.isEmpty()) {
            OutboxEntry next = unstored.peekFirst();
            try {
                outbox.append(jobId, next.url().toString(), encode(next.payload()));
            } catch (StoreException e) {
                if (!refusing) {
                    LOG.error("Job {}: webhook events are kept in memory until the store takes writes: {}", jobId,
                            e.getMessage());
                    refusing = true;
                }
                return;
            }
            unstored.removeFirst();
            if (refusing && unstored.isEmpty()) {
                LOG.warn("Job {}: webhook events kept in memory are stored again", jobId);
                refusing = false;
            }
        }
    }

    @Override
    public Optional<OutboxEntry> peek(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        while (true) {
            boolean waitingForStore;
            lock.lockInterruptibly();
            try {
                storeUnstored();
                waitingForStore = !unstored.isEmpty();
            } finally {
                lock.unlock();
            }
            List<io.factotum.store.OutboxEntry> first = outbox.peek(jobId, 1);
            if (!first.isEmpty()) {
                head = first.get(0);
                return Optional.of(new OutboxEntry(URI.create(head.destination()), decode(head.payload())));
            }
            if (remaining <= 0) {
                return Optional.empty();
            }
            lock.lockInterruptibly();
            try {
                // Re-check under the lock so an append between the read and the wait is not missed;
                // events held in memory are retried after a short wait.
                long wait = waitingForStore ? Math.min(remaining, STORE_RETRY.toNanos()) : remaining;
                if (outbox.peek(jobId, 1).isEmpty()) {
                    remaining -= wait - appended.awaitNanos(wait);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void removeHead() throws InterruptedException {
        if (head == null) {
            throw new IllegalStateException("nothing was peeked");
        }
        for (boolean logged = false; ; ) {
            try {
                outbox.remove(head);
                head = null;
                return;
            } catch (StoreException e) {
                if (!logged) {
                    LOG.error("Job {}: a handled webhook event cannot be removed from the store yet: {}", jobId,
                            e.getMessage());
                    logged = true;
                }
                Thread.sleep(STORE_RETRY.toMillis());
            }
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return outbox.peek(jobId, Integer.MAX_VALUE).size() + unstored.size();
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
