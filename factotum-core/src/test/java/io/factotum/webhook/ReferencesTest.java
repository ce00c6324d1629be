package io.factotum.webhook;

import static io.factotum.webhook.WebhookFixtures.ECHO_RAW;
import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.factfile.Factfile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferencesTest {
    @Test
    void theEchoRawFactfileIsTheCompactReEncodingOfTheFixture() {
        assertThat(WebhookFixtures.echoRawFromFixture()).isEqualTo(ECHO_RAW);
        assertThat(ECHO_RAW.getBytes(StandardCharsets.UTF_8)).hasSize(612);
    }

    @Test
    void jobReferenceWithoutTagsIsTheSha256OfTheRawFactfile() {
        assertThat(References.jobReference(ECHO_RAW, Map.of())).isEqualTo(WebhookFixtures.ECHO_JOB_REFERENCE);
    }

    @Test
    void jobReferenceAppendsTagKeysAndValues() {
        assertThat(References.jobReference(ECHO_RAW, Map.of("env", "prod")))
                .isEqualTo(WebhookFixtures.ECHO_JOB_REFERENCE_ENV_PROD);
    }

    @Test
    void jobReferenceTakesTagsInSortedKeyOrderWithoutSeparators() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("z", "sdfsdfs");
        tags.put("hello", "world");
        tags.put("a", "b");

        assertThat(References.jobReference("ff", tags))
                .isEqualTo(References.sha256Hex("ff" + "a" + "b" + "hello" + "world" + "z" + "sdfsdfs"));
    }

    @Test
    void runReferencesAreSha256HexAndUniqueAcross1000Contexts() {
        Factfile factfile = new Factfile("echo order demo", List.of(), ECHO_RAW);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            WebhookContext context = WebhookContext.create(factfile, Map.of(), Clock.systemUTC(), 10_000);
            assertThat(context.runReference()).matches("[0-9a-f]{64}");
            seen.add(context.runReference());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void contextKeepsNameRawFactfileTagsAndStartTime() {
        Factfile factfile = new Factfile("echo order demo", List.of(), ECHO_RAW);
        Clock clock = Clock.systemUTC();

        WebhookContext context = WebhookContext.create(factfile, Map.of("z", "1", "a", "2"), clock, 42);

        assertThat(context.jobName()).isEqualTo("echo order demo");
        assertThat(context.rawFactfile()).isEqualTo(ECHO_RAW);
        assertThat(context.tags()).containsExactly(Map.entry("a", "2"), Map.entry("z", "1"));
        assertThat(context.maxStdouterrSize()).isEqualTo(42);
        assertThat(context.jobReference()).isEqualTo(References.jobReference(ECHO_RAW, Map.of("a", "2", "z", "1")));
        // "start date = today" (checked against the same clock, so no midnight race in practice)
        assertThat(LocalDate.ofInstant(context.startTime(), ZoneOffset.UTC))
                .isIn(LocalDate.now(clock), LocalDate.ofInstant(Instant.now().minusSeconds(60), ZoneOffset.UTC));
    }

    @Test
    void tagKeysSortByUtf8BytesNotUtf16Units() {
        // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0 9F 98 80), although in UTF-16 the
        // surrogate D83D comes first.
        String bmp = "\uFF5E";
        String astral = "\uD83D\uDE00";
        WebhookContext context = WebhookFixtures.echoContext(Map.of(astral, "x", bmp, "y"), 10);

        assertThat(context.tags().keySet()).containsExactly(bmp, astral);
        assertThat(context.jobReference()).isEqualTo(References.sha256Hex(ECHO_RAW + bmp + "y" + astral + "x"));
    }
}
