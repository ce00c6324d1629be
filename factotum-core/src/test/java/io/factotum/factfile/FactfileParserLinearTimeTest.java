package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Factfiles of a legal but hostile shape must be parsed in time linear in their size: the server
 * parses factfiles named by remote clients (docs/reliability.md, item 11).
 */
class FactfileParserLinearTimeTest {
    private static final int CODES = 100_000;

    @Test
    void longExitCodeListsAreCheckedInLinearTime() {
        // continueJob x terminateJobWithSuccess was compared pairwise: 1e10 comparisons here.
        String text = factfile(String.join(",", Collections.nCopies(CODES, "0")),
                String.join(",", Collections.nCopies(CODES, "1")));
        Factfile parsed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new FactfileParser().parse(text, "f", null));
        assertThat(parsed.tasks().get(0).onResult().continueJob()).hasSize(CODES);
    }

    @Test
    void aConflictInLongListsIsStillReported() {
        String text = factfile(String.join(",", Collections.nCopies(CODES, "0")) + ",7",
                String.join(",", Collections.nCopies(CODES, "1")) + ",7");
        assertThatThrownBy(() -> new FactfileParser().parse(text, "f", null))
                .isInstanceOf(FactfileException.class)
                .hasMessage("'f' is not a valid factotum factfile: the task 't' has conflicting actions.");
    }

    private static String factfile(String continueJob, String terminate) {
        return "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{"
                + "\"name\":\"n\",\"tasks\":[{\"name\":\"t\",\"executor\":\"shell\",\"command\":\"true\","
                + "\"arguments\":[],\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[" + terminate
                + "],\"continueJob\":[" + continueJob + "]}}]}}";
    }
}
