package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Factfiles of a legal but hostile shape, which took quadratic time before (docs/reliability.md,
 * item 11), parse to the right result. Their speed is measured by JMH
 * ({@code FactfileParseBenchmark}), not asserted here: no test asserts a time (issue 9).
 */
class FactfileParserLinearTimeTest {
    private static final int CODES = 100_000;

    @Test
    void longExitCodeListsAreChecked() throws FactfileException {
        // continueJob x terminateJobWithSuccess was compared pairwise: 1e10 comparisons here.
        String text = factfile(String.join(",", Collections.nCopies(CODES, "0")),
                String.join(",", Collections.nCopies(CODES, "1")));
        Factfile parsed = new FactfileParser().parse(text, "f", null);
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
