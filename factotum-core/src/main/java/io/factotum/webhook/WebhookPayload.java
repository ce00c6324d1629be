package io.factotum.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One rendered event, complete but for {@code runDuration}, which Factotum computes only when the
 * sender takes the event off its queue (spec 5.2). Plain strings and an instant, so a durable
 * {@link WebhookOutbox} can store it as it is.
 *
 * @param jsonBeforeRunDuration the compact JSON up to the opening quote of the runDuration value, exclusive
 * @param jsonAfterRunDuration the rest, from the character after its closing quote
 * @param startTime the run's start, which the duration is measured from
 */
public record WebhookPayload(String jsonBeforeRunDuration, String jsonAfterRunDuration, Instant startTime) {
    public WebhookPayload {
        Objects.requireNonNull(jsonBeforeRunDuration, "jsonBeforeRunDuration");
        Objects.requireNonNull(jsonAfterRunDuration, "jsonAfterRunDuration");
        Objects.requireNonNull(startTime, "startTime");
    }

    /** The body with the given run duration. */
    public String json(Duration runDuration) {
        String duration = WebhookFormats.isoDuration(runDuration);
        return new StringBuilder(jsonBeforeRunDuration.length() + jsonAfterRunDuration.length() + duration.length() + 2)
                .append(jsonBeforeRunDuration).append('"').append(duration).append('"')
                .append(jsonAfterRunDuration).toString();
    }

    /** The body as sent at {@code now}: runDuration = now - startTime. */
    public String jsonAt(Instant now) {
        return json(Duration.between(startTime, now));
    }
}
