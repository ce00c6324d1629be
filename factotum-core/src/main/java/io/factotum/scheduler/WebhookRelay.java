package io.factotum.scheduler;

import io.factotum.store.Outbox;
import io.factotum.webhook.RetryPolicy;
import io.factotum.webhook.WebhookDispatcher;
import io.factotum.webhook.WebhookSender;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Delivers webhook events through the store's outbox: one {@link WebhookDispatcher} per job with
 * events in flight, so each job's events go out in order (as one Factotum process would send them)
 * while a slow receiver for one job does not hold up another. A dispatcher lives while a run uses it
 * and until its events are delivered or given up; events left when the node stops stay in the store
 * and {@link #replayPending()} sends them after the restart.
 */
public final class WebhookRelay implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(WebhookRelay.class);
    /** How many stored events {@link #replayPending()} looks at to find the jobs with pending events. */
    private static final int REPLAY_SCAN = 100_000;

    private final Outbox outbox;
    private final WebhookSender sender;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final ExecutorService drainers;
    private final Map<String, Slot> slots = new HashMap<>();
    private boolean closed;

    private static final class Slot {
        final WebhookDispatcher dispatcher;
        int users;

        Slot(WebhookDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }
    }

    public WebhookRelay(Outbox outbox, WebhookSender sender, RetryPolicy retryPolicy, Clock clock) {
        this.outbox = outbox;
        this.sender = sender;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.drainers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "factotum-webhook-drain");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The dispatcher for a job's events, started if needed; {@code url} is where new events go.
     * Every call must be matched by one {@link #release}.
     */
    public synchronized WebhookDispatcher acquire(String jobId, URI url) {
        if (closed) {
            throw new IllegalStateException("the webhook relay is closed");
        }
        Slot slot = slots.get(jobId);
        if (slot == null || !slot.dispatcher.url().equals(url)) {
            int users = slot == null ? 0 : slot.users;
            if (slot != null) {
                // Another URL for the same job: stop the old sender; its events keep their own
                // destination and the new dispatcher sends them first.
                slots.remove(jobId);
                slot.dispatcher.close();
            }
            slot = new Slot(WebhookDispatcher.start(url, sender, retryPolicy, new StoreWebhookOutbox(outbox, jobId),
                    clock));
            slot.users = users;
            slots.put(jobId, slot);
        }
        slot.users++;
        return slot.dispatcher;
    }

    /** Ends one use; the last user's release lets the dispatcher finish its events and stop. */
    public synchronized void release(String jobId) {
        Slot slot = slots.get(jobId);
        if (slot == null || --slot.users > 0) {
            return;
        }
        drain(jobId, slot);
    }

    /** Starts delivering, in order per job, the events an earlier process left in the store. */
    public void replayPending() {
        Set<String> jobs = new LinkedHashSet<>();
        Map<String, String> firstDestination = new HashMap<>();
        for (io.factotum.store.OutboxEntry entry : outbox.peek(REPLAY_SCAN)) {
            if (jobs.add(entry.jobId())) {
                firstDestination.put(entry.jobId(), entry.destination());
            }
        }
        for (String jobId : jobs) {
            LOG.info("Replaying webhook events left for job {}", jobId);
            acquire(jobId, URI.create(firstDestination.get(jobId)));
            release(jobId);
        }
    }

    private void drain(String jobId, Slot slot) {
        drainers.execute(() -> {
            while (true) {
                // Returns once what was queued when it was called is handled; a run may have
                // queued more meanwhile, hence the loop.
                slot.dispatcher.awaitCompletion();
                synchronized (this) {
                    if (closed || slots.get(jobId) != slot) {
                        return; // stopped, or replaced (and closed) by acquire
                    }
                    if (slot.users > 0) {
                        return; // a new run of the job took it over; its release drains again
                    }
                    if (outbox.peek(jobId, 1).isEmpty()) {
                        slots.remove(jobId);
                        // Closed under the lock: a dispatcher started next for this job must not
                        // find this one's sender still reading the same events.
                        slot.dispatcher.close();
                        return;
                    }
                }
            }
        });
    }

    /** Stops every dispatcher; undelivered events stay in the store. */
    @Override
    public void close() {
        Map<String, Slot> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new HashMap<>(slots);
            slots.clear();
        }
        open.values().forEach(slot -> slot.dispatcher.close());
        drainers.shutdownNow();
    }
}
