package io.factotum.webhook;

import static io.factotum.webhook.WebhookFixtures.START;
import static io.factotum.webhook.WebhookFixtures.finished;
import static io.factotum.webhook.WebhookFixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.factotum.engine.JobEvent;
import io.factotum.engine.JobListener;
import io.factotum.engine.JobRunState;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.engine.TaskTransition;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookListenerTest {
    private static final RetryPolicy TINY_BACKOFF = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 0.5);

    private final PayloadSchemas schemas = new PayloadSchemas();

    /** A whole two-task run, as the engine reports it: apple fails, so turnip is skipped. */
    private static List<JobEvent> appleFailsTurnipSkipped() {
        var started = START.plusMillis(1);
        List<TaskSnapshot> waiting = List.of(waiting("apple"), waiting("turnip"));
        List<TaskSnapshot> appleRunning = List.of(WebhookFixtures.running("apple", started), waiting("turnip"));
        String reason = "the task exited with a value not specified in continue_job - 1 "
                + "(task expects one of the following return codes to continue [0])";
        List<TaskSnapshot> done = List.of(
                finished("apple", TaskState.FAILED, Optional.of(reason), started,
                        TaskResult.of(1, "", "apple broke", Duration.ofMillis(7))),
                WebhookFixtures.skipped("turnip", "the task 'apple' failed"));
        return List.of(
                WebhookFixtures.jobEvent(null, JobRunState.WAITING, waiting),
                WebhookFixtures.jobEvent(JobRunState.WAITING, JobRunState.RUNNING, appleRunning),
                WebhookFixtures.taskEvent(List.of(new TaskTransition("apple", TaskState.WAITING, TaskState.RUNNING)),
                        appleRunning),
                WebhookFixtures.taskEvent(List.of(new TaskTransition("apple", TaskState.RUNNING, TaskState.FAILED),
                        new TaskTransition("turnip", TaskState.WAITING, TaskState.SKIPPED)), done),
                WebhookFixtures.jobEvent(JobRunState.RUNNING, JobRunState.FAILED, done));
    }

    @Test
    void aRunsEventsArrivePostedInOrderAsJobAndTaskUpdates() {
        WebhookContext context = new WebhookContext("apples", "{\"raw\":true}", java.util.Map.of("env", "test"),
                START, References.newRunReference(), 10_000);
        try (RecordingReceiver receiver = RecordingReceiver.answering(200);
                WebhookDispatcher dispatcher = WebhookDispatcher.start(receiver.url(), new HttpWebhookSender(),
                        TINY_BACKOFF, new InMemoryWebhookOutbox(), Clock.systemUTC())) {
            JobListener listener = new WebhookListener(context, dispatcher);

            appleFailsTurnipSkipped().forEach(listener::onEvent);
            DeliveryReport report = dispatcher.awaitCompletion();

            // Factotum's tested count: apple -> turnip with apple failing = 3 job + 2 task events.
            assertThat(report).isEqualTo(new DeliveryReport(5, 0));
            List<String> bodies = receiver.bodies();
            assertThat(bodies).extracting(body -> PayloadSchemas.parse(body).get("schema").asText()).containsExactly(
                    WebhookPayloads.JOB_UPDATE_SCHEMA, WebhookPayloads.JOB_UPDATE_SCHEMA,
                    WebhookPayloads.TASK_UPDATE_SCHEMA, WebhookPayloads.TASK_UPDATE_SCHEMA,
                    WebhookPayloads.JOB_UPDATE_SCHEMA);
            assertThat(bodies).extracting(body -> data(body).get("runState").asText())
                    .containsExactly("WAITING", "RUNNING", "RUNNING", "RUNNING", "FAILED");
            assertThat(bodies).allSatisfy(body -> {
                assertThat(schemas.violations(body)).isEmpty();
                assertThat(data(body).get("jobName").asText()).isEqualTo("apples");
                assertThat(data(body).get("jobReference").asText()).isEqualTo(context.jobReference());
                assertThat(data(body).get("runReference").asText()).isEqualTo(context.runReference());
                assertThat(data(body).get("tags").toString()).isEqualTo("{\"env\":\"test\"}");
            });
            JsonNode last = data(bodies.get(4));
            assertThat(last.get("jobTransition").toString()).isEqualTo("{\"currentState\":\"FAILED\",\"previousState\":\"RUNNING\"}");
            assertThat(last.get("taskStates").get(0).get("errorMessage").asText()).startsWith("the task exited");
            assertThat(last.get("taskStates").get(1).get("errorMessage").asText()).isEqualTo("the task 'apple' failed");
        }
    }

    @Test
    void fourEventsGiveFourSuccessesAndTheSenderStopsWhenClosed() {
        WebhookContext context = WebhookFixtures.echoContext();
        try (RecordingReceiver receiver = RecordingReceiver.answering(200)) {
            WebhookDispatcher dispatcher = WebhookDispatcher.start(receiver.url(), new HttpWebhookSender(),
                    TINY_BACKOFF, new InMemoryWebhookOutbox(), Clock.fixed(START, ZoneOffset.UTC));
            WebhookListener listener = new WebhookListener(context, dispatcher);
            assertThat(dispatcher.url()).isEqualTo(receiver.url());
            List<JobEvent> events = List.of(
                    WebhookFixtures.started(),
                    WebhookFixtures.jobEvent(JobRunState.WAITING, JobRunState.RUNNING, WebhookFixtures.allWaiting()),
                    WebhookFixtures.taskEvent(List.of(new TaskTransition("echo alpha", TaskState.WAITING, TaskState.RUNNING)),
                            WebhookFixtures.allWaiting()),
                    WebhookFixtures.jobEvent(JobRunState.RUNNING, JobRunState.SUCCEEDED, WebhookFixtures.allWaiting()));

            events.forEach(listener::onEvent);

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(4, 0));
            WebhookPayloads payloads = new WebhookPayloads(context);
            assertThat(receiver.bodies()).containsExactlyElementsOf(
                    events.stream().map(e -> payloads.json(e, Duration.ZERO)).toList());
            dispatcher.close();
            assertThat(dispatcher.senderAlive()).isFalse();
        }
    }

    @Test
    void aFailingReceiverGetsThreeAttemptsForEachOfFourEvents() {
        try (RecordingReceiver receiver = RecordingReceiver.answering(500);
                WebhookDispatcher dispatcher = WebhookDispatcher.start(receiver.url(), new HttpWebhookSender(),
                        TINY_BACKOFF, new InMemoryWebhookOutbox(), Clock.systemUTC())) {
            WebhookListener listener = new WebhookListener(WebhookFixtures.echoContext(), dispatcher);

            appleFailsTurnipSkipped().subList(0, 4).forEach(listener::onEvent);

            assertThat(dispatcher.awaitCompletion()).isEqualTo(new DeliveryReport(0, 4));
            assertThat(receiver.requests()).hasSize(12);
        }
    }

    @Test
    void eventsAfterTheDispatcherClosedAreDroppedWithoutDisturbingTheEngine() {
        WebhookDispatcher dispatcher = WebhookDispatcher.start(java.net.URI.create("http://example.test/"),
                (url, body) -> new DeliveryResult(200, ""), TINY_BACKOFF, new InMemoryWebhookOutbox(), Clock.systemUTC());
        WebhookListener listener = new WebhookListener(WebhookFixtures.echoContext(), dispatcher);
        dispatcher.close();

        listener.onEvent(WebhookFixtures.started());

        assertThat(dispatcher.report()).isEqualTo(new DeliveryReport(0, 0));
    }

    private static JsonNode data(String body) {
        return PayloadSchemas.parse(body).get("data");
    }
}
