package io.factotum.webhook;

import static io.factotum.webhook.WebhookFixtures.START;
import static io.factotum.webhook.WebhookFixtures.echoContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.JobRunState;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Safety net only: a broken dispatcher would hang rather than fail. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookDispatcherTest {
    private static final RetryPolicy TINY_BACKOFF = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 0.5);

    private final WebhookPayloads payloads = new WebhookPayloads(echoContext());

    @Test
    void deliversEveryEventInOrderToARealReceiver() {
        try (RecordingReceiver receiver = RecordingReceiver.answering(200);
                WebhookDispatcher dispatcher = start(receiver.url(), new HttpWebhookSender(), TINY_BACKOFF)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                WebhookPayload payload = payloadNumbered(i);
                expected.add(payload.json(Duration.ZERO));
                assertThat(dispatcher.enqueue(payload)).isTrue();
            }

            DeliveryReport report = dispatcher.awaitCompletion();

            assertThat(report).isEqualTo(new DeliveryReport(20, 0));
            assertThat(report.allDelivered()).isTrue();
            // A fixed clock at the start time: every runDuration is PT0S, so bodies compare exactly.
            assertThat(receiver.bodies()).containsExactlyElementsOf(expected);
            assertThat(receiver.requests()).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
            });
        }
    }

    @Test
    void aReceiverAnswering500GetsExactlyMaxAttemptsPerEventAndTheFailuresAreReported() {
        try (RecordingReceiver receiver = RecordingReceiver.answering(500);
                WebhookDispatcher dispatcher = start(receiver.url(), new HttpWebhookSender(), TINY_BACKOFF)) {
            for (int i = 0; i < 4; i++) {
                dispatcher.enqueue(payloadNumbered(i));
            }

            DeliveryReport report = dispatcher.awaitCompletion();

            assertThat(report).isEqualTo(new DeliveryReport(0, 4));
            assertThat(report.allDelivered()).isFalse();
            List<String> bodies = receiver.bodies();
            assertThat(bodies).hasSize(12);
            // Three identical attempts per event, events in order.
            for (int event = 0; event < 4; event++) {
                assertThat(bodies.subList(3 * event, 3 * event + 3)).containsOnly(payloadNumbered(event).json(Duration.ZERO));
            }
        }
    }

    @Test
    void theNumberOfAttemptsIsConfigurable() {
        try (RecordingReceiver receiver = RecordingReceiver.answering(503);
                WebhookDispatcher dispatcher = start(receiver.url(), new HttpWebhookSender(), TINY_BACKOFF.withMaxAttempts(5))) {
            dispatcher.enqueue(payloadNumbered(0));

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(0, 1));
            assertThat(receiver.requests()).hasSize(5);
        }
    }

    @Test
    void aRetriedEventThatFinallySucceedsIsDelivered() {
        try (RecordingReceiver receiver = RecordingReceiver.answeringInTurn(500, 502);
                WebhookDispatcher dispatcher = start(receiver.url(), new HttpWebhookSender(), TINY_BACKOFF)) {
            dispatcher.enqueue(payloadNumbered(0));
            dispatcher.enqueue(payloadNumbered(1));

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(2, 0));
            assertThat(receiver.bodies()).hasSize(4);
        }
    }

    @Test
    void anyTwoHundredStatusIsASuccess() {
        try (RecordingReceiver receiver = RecordingReceiver.answeringInTurn(201, 204, 202);
                WebhookDispatcher dispatcher = start(receiver.url(), new HttpWebhookSender(), TINY_BACKOFF)) {
            for (int i = 0; i < 3; i++) {
                dispatcher.enqueue(payloadNumbered(i));
            }

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(3, 0));
            assertThat(receiver.requests()).hasSize(3);
        }
    }

    @Test
    void anUnreachablePortIsReportedAsAFailureWithoutAnException() throws Exception {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        try (WebhookDispatcher dispatcher = start(closedPort, new HttpWebhookSender(), TINY_BACKOFF)) {
            dispatcher.enqueue(payloadNumbered(0));
            dispatcher.enqueue(payloadNumbered(1));

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(0, 2));
        }
    }

    @Test
    void anUnresolvableHostIsReportedAsAFailureWithoutAnException() {
        try (WebhookDispatcher dispatcher = start(URI.create("http://nonexistent-factotum-host.invalid/"),
                new HttpWebhookSender(), TINY_BACKOFF)) {
            dispatcher.enqueue(payloadNumbered(0));

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(0, 1));
        }
    }

    @Test
    void runDurationIsComputedWhenTheEventIsTakenOnceBeforeItsRetries() throws Exception {
        MutableClock clock = new MutableClock(START.plusSeconds(1));
        ScriptedSender sender = new ScriptedSender();
        try (WebhookDispatcher dispatcher = WebhookDispatcher.start(URI.create("http://example.test/"), sender,
                TINY_BACKOFF, new InMemoryWebhookOutbox(), clock)) {
            dispatcher.enqueue(payloads.payload(WebhookFixtures.started()));
            dispatcher.enqueue(payloads.payload(WebhookFixtures.jobEvent(JobRunState.WAITING, JobRunState.RUNNING,
                    WebhookFixtures.allWaiting())));

            String first = sender.nextAttempt();
            clock.advance(Duration.ofSeconds(10));
            sender.answer(500);
            String retry = sender.nextAttempt();
            clock.advance(Duration.ofSeconds(10));
            sender.answer(200);
            String second = sender.nextAttempt();
            sender.answer(200);

            assertThat(first).contains("\"runDuration\":\"PT1S\"");
            assertThat(retry).isEqualTo(first);
            // Taken after the clock moved twice: 1 + 10 + 10 seconds after the start.
            assertThat(second).contains("\"runDuration\":\"PT21S\"").contains("\"currentState\":\"RUNNING\"");
            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(2, 0));
        }
    }

    @Test
    void enqueueNeverWaitsForDelivery() throws Exception {
        ScriptedSender sender = new ScriptedSender();
        try (WebhookDispatcher dispatcher = WebhookDispatcher.start(URI.create("http://example.test/"), sender,
                TINY_BACKOFF, new InMemoryWebhookOutbox(), Clock.systemUTC())) {
            dispatcher.enqueue(payloadNumbered(0));
            String blocked = sender.nextAttempt(); // the sender now waits for an answer that has not come

            for (int i = 1; i <= 100; i++) {
                assertThat(dispatcher.enqueue(payloadNumbered(i))).isTrue();
            }

            assertThat(blocked).contains("task 0");
            assertThat(dispatcher.report()).isEqualTo(new DeliveryReport(0, 0));
            for (int i = 0; i <= 100; i++) {
                if (i > 0) {
                    assertThat(sender.nextAttempt()).contains("\"task " + i + "\"");
                }
                sender.answer(200);
            }
            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(101, 0));
        }
    }

    @Test
    void closeStopsTheSenderThreadAndLaterEventsAreRefused() {
        WebhookDispatcher dispatcher = WebhookDispatcher.start(URI.create("http://example.test/"),
                (url, body) -> new DeliveryResult(200, ""), TINY_BACKOFF, new InMemoryWebhookOutbox(), Clock.systemUTC());
        dispatcher.enqueue(payloadNumbered(0));
        assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(1, 0));
        assertThat(dispatcher.senderAlive()).isTrue();

        dispatcher.close();
        dispatcher.close(); // idempotent

        assertThat(dispatcher.senderAlive()).isFalse();
        assertThat(dispatcher.enqueue(payloadNumbered(1))).isFalse();
        assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(1, 0));
    }

    @Test
    void closeDuringABackoffStopsAtOnceAndKeepsTheEventInTheOutbox() throws Exception {
        ScriptedSender sender = new ScriptedSender();
        InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox();
        RetryPolicy patient = new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(1), 0);
        WebhookDispatcher dispatcher = WebhookDispatcher.start(URI.create("http://example.test/"), sender, patient,
                outbox, Clock.systemUTC());
        dispatcher.enqueue(payloadNumbered(0));
        sender.nextAttempt();
        sender.answer(500); // the sender now waits an hour before its retry

        dispatcher.close();

        assertThat(dispatcher.senderAlive()).isFalse();
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(dispatcher.report()).isEqualTo(new DeliveryReport(0, 0));
    }

    @Test
    void eventsLeftInTheOutboxAreReplayedFirstAndInOrder() {
        try (RecordingReceiver receiver = RecordingReceiver.answering(200)) {
            InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox();
            outbox.append(new OutboxEntry(receiver.url(), payloadNumbered(0)));
            outbox.append(new OutboxEntry(receiver.url(), payloadNumbered(1)));
            try (WebhookDispatcher dispatcher = WebhookDispatcher.start(receiver.url(), new HttpWebhookSender(),
                    TINY_BACKOFF, outbox, fixedAtStart())) {
                dispatcher.enqueue(payloadNumbered(2));

                assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(3, 0));
            }
            assertThat(receiver.bodies()).containsExactly(payloadNumbered(0).json(Duration.ZERO),
                    payloadNumbered(1).json(Duration.ZERO), payloadNumbered(2).json(Duration.ZERO));
            assertThat(outbox.size()).isZero();
        }
    }

    @Test
    void aThrowingSenderCountsAsAFailedAttemptAndDeliveryGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        WebhookSender flaky = (url, body) -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("bug in a sender");
            }
            return new DeliveryResult(200, "");
        };
        try (WebhookDispatcher dispatcher = WebhookDispatcher.start(URI.create("http://example.test/"), flaky,
                TINY_BACKOFF, new InMemoryWebhookOutbox(), Clock.systemUTC())) {
            dispatcher.enqueue(payloadNumbered(0));
            dispatcher.enqueue(payloadNumbered(1));

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(1, 1));
            assertThat(calls).hasValue(4);
        }
    }

    @Test
    void awaitCompletionWithNothingQueuedReturnsAtOnce() {
        try (WebhookDispatcher dispatcher = start(URI.create("http://example.test/"),
                (url, body) -> new DeliveryResult(200, ""), TINY_BACKOFF)) {
            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(0, 0));
        }
    }

    /** A distinct, valid payload per number: a task event whose first task is named after it. */
    private WebhookPayload payloadNumbered(int n) {
        return payloads.payload(WebhookFixtures.taskEvent(List.of(),
                List.of(WebhookFixtures.waiting("task " + n))));
    }

    private static WebhookDispatcher start(URI url, WebhookSender sender, RetryPolicy policy) {
        return WebhookDispatcher.start(url, sender, policy, new InMemoryWebhookOutbox(), fixedAtStart());
    }

    private static Clock fixedAtStart() {
        return Clock.fixed(START, java.time.ZoneOffset.UTC);
    }
}
