package io.factotum.scheduler;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.store.Outbox;
import io.factotum.store.StoreFormatException;
import io.factotum.webhook.OutboxEntry;
import io.factotum.webhook.WebhookOutbox;
import io.factotum.webhook.WebhookPayload;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One job's webhook events kept in the store's {@link Outbox}, so that events not yet delivered
 * survive a crash and are sent, in order, after the restart (ruling 4). The stored payload holds
 * the {@link WebhookPayload}'s parts rather than the final body, because Factotum computes
 * {@code runDuration} only when an event is taken for sending.
 *
 * <p>Only one {@link io.factotum.webhook.WebhookDispatcher} may read a given job's events at a time;
 * {@link WebhookRelay} sees to that.
 */
final class StoreWebhookOutbox implements WebhookOutbox {
    private final Outbox outbox;
    private final String jobId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** The entry {@link #peek} returned last; touched by the sender thread only. */
    private io.factotum.store.OutboxEntry head;

    StoreWebhookOutbox(Outbox outbox, String jobId) {
        this.outbox = outbox;
        this.jobId = jobId;
    }

    @Override
    public void append(OutboxEntry entry) {
        outbox.append(jobId, entry.url().toString(), encode(entry.payload()));
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<OutboxEntry> peek(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        while (true) {
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
                // Re-check under the lock so an append between the read and the wait is not missed.
                if (outbox.peek(jobId, 1).isEmpty()) {
                    remaining = appended.awaitNanos(remaining);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void removeHead() {
        if (head == null) {
            throw new IllegalStateException("nothing was peeked");
        }
        outbox.remove(head);
        head = null;
    }

    @Override
    public int size() {
        return outbox.peek(jobId, Integer.MAX_VALUE).size();
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
