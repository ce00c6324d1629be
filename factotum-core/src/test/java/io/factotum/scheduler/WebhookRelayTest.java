package io.factotum.scheduler;

import io.factotum.store.memory.InMemoryStorage;
import io.factotum.webhook.DeliveryResult;
import io.factotum.webhook.RetryPolicy;
import io.factotum.webhook.WebhookDispatcher;
import io.factotum.webhook.WebhookPayload;
import io.factotum.webhook.WebhookSender;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhook events through the store's outbox: kept when undelivered, replayed in order, none left behind. */
class WebhookRelayTest {
    private static final URI URL = URI.create("http://127.0.0.1:9/hook");
    private static final RetryPolicy PATIENT = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(5),
            Duration.ofMillis(20), 0);

    /** Accepts (200) or refuses (503) as told; records what it accepted. */
    private static final class Receiver implements WebhookSender {
        final BlockingQueue<String> accepted = new LinkedBlockingQueue<>();
        final AtomicInteger refused = new AtomicInteger();
        volatile boolean accepting;

        Receiver(boolean accepting) {
            this.accepting = accepting;
        }

        @Override
        public DeliveryResult post(URI url, String jsonBody) {
            if (!accepting) {
                refused.incrementAndGet();
                return new DeliveryResult(503, "unavailable");
            }
            accepted.add(jsonBody);
            return new DeliveryResult(200, "OK");
        }

        List<String> take(int n) throws InterruptedException {
            List<String> bodies = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = accepted.poll(30, TimeUnit.SECONDS);
                assertThat(body).as("event %d of %d", i + 1, n).isNotNull();
                bodies.add(body);
            }
            return bodies;
        }
    }

    private static WebhookPayload event(String name) {
        return new WebhookPayload("{\"event\":\"" + name + "\",\"runDuration\":", "}", Instant.EPOCH);
    }

    @Test
    void undeliveredEventsStayInTheStoreAndAreReplayedInOrder() throws Exception {
        InMemoryStorage storage = new InMemoryStorage();
        Receiver down = new Receiver(false);
        WebhookRelay before = new WebhookRelay(storage.outbox(), down, PATIENT, Clock.systemUTC());
        WebhookDispatcher dispatcher = before.acquire("job-1", URL);
        dispatcher.enqueue(event("one"));
        dispatcher.enqueue(event("two"));
        before.acquire("job-2", URL).enqueue(event("other"));
        while (down.refused.get() < 2) {
            Thread.onSpinWait(); // both senders have tried: the events are in flight, not lost
        }
        before.close();
        assertThat(storage.outbox().peek(10)).hasSize(3);

        Receiver up = new Receiver(true);
        WebhookRelay after = new WebhookRelay(storage.outbox(), up, PATIENT, Clock.systemUTC());
        after.replayPending();

        List<String> bodies = up.take(3);
        assertThat(bodies).filteredOn(b -> !b.contains("other"))
                .satisfiesExactly(b -> assertThat(b).startsWith("{\"event\":\"one\",\"runDuration\":\"P"),
                        b -> assertThat(b).startsWith("{\"event\":\"two\",\"runDuration\":\"P"));
        // An entry leaves the outbox once its send has returned, a moment after the receiver saw it.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!storage.outbox().peek(10).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(storage.outbox().peek(10)).isEmpty();
        after.close();
    }

    @Test
    void eventsQueuedWhileAReplayDrainsAreAllDelivered() throws Exception {
        InMemoryStorage storage = new InMemoryStorage();
        storage.outbox().append("job", URL.toString(), StoreWebhookOutbox.encode(event("left-over")));
        Receiver up = new Receiver(true);
        WebhookRelay relay = new WebhookRelay(storage.outbox(), up, PATIENT, Clock.systemUTC());

        relay.replayPending();
        // A run of the same job takes the dispatcher over while the replay drains, and ends at once.
        WebhookDispatcher dispatcher = relay.acquire("job", URL);
        for (int i = 0; i < 20; i++) {
            dispatcher.enqueue(event("e" + i));
        }
        relay.release("job");

        List<String> bodies = up.take(21);
        assertThat(bodies.get(0)).contains("left-over");
        for (int i = 0; i < 20; i++) {
            assertThat(bodies.get(i + 1)).contains("\"e" + i + "\"");
        }
        relay.close();
    }

    @Test
    void storedPayloadsKeepTheirParts() {
        WebhookPayload payload = new WebhookPayload("{\"a\":\"é\\n\",\"runDuration\":", ",\"b\":1}",
                Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(StoreWebhookOutbox.decode(StoreWebhookOutbox.encode(payload))).isEqualTo(payload);
    }
}
