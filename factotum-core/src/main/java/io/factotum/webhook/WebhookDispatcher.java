package io.factotum.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Delivers a run's events to one webhook URL: a single daemon thread POSTs them strictly in the
 * order they were enqueued, retrying each per the {@link RetryPolicy} before moving on (spec 5.1,
 * 5.5, ruling 4). {@link #enqueue} never waits for the network, so execution never waits for HTTP.
 *
 * <p>Each event's {@code runDuration} is computed once, when the sender thread takes it from the
 * {@link WebhookOutbox}, before its first attempt (as Factotum does).
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(WebhookDispatcher.class);
    /** How long the idle sender waits for an event before checking whether it was closed. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    /** How long {@link #close} waits for the sender thread to finish its current step. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final URI url;
    private final WebhookSender sender;
    private final RetryPolicy retryPolicy;
    private final WebhookOutbox outbox;
    private final Clock clock;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an event is handled, when closing, and when the sender stops. */
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private long queued;
    private long handled;
    private int delivered;
    private int failed;
    private boolean closed;
    private boolean senderStopped;

    private WebhookDispatcher(URI url, WebhookSender sender, RetryPolicy retryPolicy, WebhookOutbox outbox,
            Clock clock) {
        this.url = url;
        this.sender = sender;
        this.retryPolicy = retryPolicy;
        this.outbox = outbox;
        this.clock = clock;
        // Entries a durable outbox kept from an earlier process are replayed first, and awaited too.
        this.queued = outbox.size();
        this.thread = new Thread(this::sendLoop, "factotum-webhook-sender");
        this.thread.setDaemon(true);
    }

    /** A dispatcher posting over HTTP with the default retry policy and an in-memory outbox. */
    public static WebhookDispatcher start(URI url) {
        return start(url, new HttpWebhookSender(), RetryPolicy.defaults(), new InMemoryWebhookOutbox(),
                Clock.systemUTC());
    }

    /**
     * Starts the sender thread.
     *
     * @param url where {@link #enqueue} sends events (entries already in {@code outbox} keep their own URL)
     * @param clock gives "now" for each event's run duration
     */
    public static WebhookDispatcher start(URI url, WebhookSender sender, RetryPolicy retryPolicy,
            WebhookOutbox outbox, Clock clock) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(url, sender, retryPolicy, outbox, clock);
        dispatcher.thread.start();
        return dispatcher;
    }

    /** The URL events are posted to. */
    public URI url() {
        return url;
    }

    /**
     * Queues an event behind every event queued before it and returns at once.
     *
     * @return false, and the event is dropped, if the dispatcher was closed
     */
    public boolean enqueue(WebhookPayload payload) {
        lock.lock();
        try {
            if (closed) {
                LOG.warn("Webhook dispatcher for '{}' is closed: event dropped", url);
                return false;
            }
            // Appending under the lock keeps the outbox order and the count in step.
            outbox.append(new OutboxEntry(url, payload));
            queued++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every event queued so far has been delivered or given up (or the dispatcher was
     * closed), then reports the totals. Returns early, with the interrupt flag set, if interrupted.
     */
    public DeliveryReport awaitCompletion() {
        lock.lock();
        try {
            long target = queued;
            while (handled < target && !closed && !senderStopped) {
                changed.await();
            }
            return report();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report();
        } finally {
            lock.unlock();
        }
    }

    /** The totals so far. */
    public DeliveryReport report() {
        lock.lock();
        try {
            return new DeliveryReport(delivered, failed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the sender thread, abandoning an event being sent or retried; events not yet delivered
     * stay in the outbox. Call {@link #awaitCompletion()} first to deliver everything. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the sender thread is running (for tests). */
    boolean senderAlive() {
        return thread.isAlive();
    }

    private void sendLoop() {
        try {
            while (!isClosed()) {
                Optional<OutboxEntry> head = outbox.peek(IDLE_WAIT);
                if (head.isPresent()) {
                    boolean ok = deliver(head.get());
                    outbox.removeHead();
                    handled(ok);
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts a sleeping or sending thread: the current event stays in the outbox.
        } catch (RuntimeException e) {
            LOG.error("Webhook sender for '{}' stopped: {}", url, e.toString(), e);
        } finally {
            lock.lock();
            try {
                senderStopped = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Sends one event, retrying per the policy; true if it was delivered. */
    private boolean deliver(OutboxEntry entry) throws InterruptedException {
        Instant takenAt = clock.instant();
        String body = entry.payload().jsonAt(takenAt);
        for (int attempt = 1; ; attempt++) {
            DeliveryResult result = post(entry.url(), body);
            if (result.succeeded()) {
                return true;
            }
            LOG.warn("Failed to send webhook update to '{}': {}", entry.url(), body);
            LOG.warn("Reason: {}, {}", result.statusCode(), result.message());
            if (attempt >= retryPolicy.maxAttempts()) {
                return false;
            }
            waitBeforeRetry(retryPolicy.backoffAfter(attempt, ThreadLocalRandom.current().nextDouble()));
        }
    }

    private DeliveryResult post(URI target, String body) throws InterruptedException {
        DeliveryResult result;
        try {
            result = sender.post(target, body);
        } catch (RuntimeException e) {
            // A sender must not throw, but one bad sender must not stop delivery for good.
            result = DeliveryResult.networkError(e.toString());
        }
        if (Thread.interrupted() || isClosed()) {
            throw new InterruptedException("webhook dispatcher closed");
        }
        return result;
    }

    /** Waits out a backoff, waking at once if the dispatcher is closed. */
    private void waitBeforeRetry(Duration backoff) throws InterruptedException {
        long remaining = backoff.toNanos();
        lock.lockInterruptibly();
        try {
            while (!closed && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            if (closed) {
                throw new InterruptedException("webhook dispatcher closed");
            }
        } finally {
            lock.unlock();
        }
    }

    private void handled(boolean ok) {
        lock.lock();
        try {
            handled++;
            if (ok) {
                delivered++;
            } else {
                failed++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

}
