package io.factotum.webhook;

import io.factotum.json.CodePointOrder;
import io.factotum.factfile.Factfile;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What every payload of one run repeats (spec 5.2).
 *
 * @param jobName the templated job name
 * @param rawFactfile the templated compact factfile ({@link Factfile#raw()})
 * @param tags the {@code --tag} values, keys without the {@code tag:} prefix; kept sorted by byte order
 * @param startTime when the context was created, just before execution
 * @param runReference this run's reference ({@link References#newRunReference()})
 * @param maxStdouterrSize how many trailing characters of a task's stdout/stderr a payload carries
 */
public record WebhookContext(
        String jobName,
        String rawFactfile,
        Map<String, String> tags,
        Instant startTime,
        String runReference,
        int maxStdouterrSize) {

    /** Factotum's default for {@code --max-stdouterr-size}. */
    public static final int DEFAULT_MAX_STDOUTERR_SIZE = 10_000;

    public WebhookContext {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(rawFactfile, "rawFactfile");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(runReference, "runReference");
        if (maxStdouterrSize < 0) {
            throw new IllegalArgumentException("maxStdouterrSize must not be negative: " + maxStdouterrSize);
        }
        TreeMap<String, String> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
        sorted.putAll(tags);
        tags = Collections.unmodifiableSortedMap(sorted);
    }

    /** A context for a new run of {@code factfile}, started now, with a fresh run reference. */
    public static WebhookContext create(Factfile factfile, Map<String, String> tags, Clock clock,
            int maxStdouterrSize) {
        return new WebhookContext(factfile.name(), factfile.raw(), tags, clock.instant(),
                References.newRunReference(), maxStdouterrSize);
    }

    /** {@link References#jobReference} of this run's factfile and tags. */
    public String jobReference() {
        return References.jobReference(rawFactfile, tags);
    }
}
