package io.factotum.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobEntryJsonTest {
    private static final String ID = "6ef5cf55f2815a098695861ec5f8e9c7122dd2e5339cf954d7e2cb2e761dd583";

    /** Server spec 3.5, with the elided id filled in from 5.1 (echo.factfile, --tag foo,bar). */
    private static final String GOLDEN = "{\"state\":\"DONE\",\"jobRequest\":{\"jobId\":\"" + ID + "\","
            + "\"jobName\":\"echotest\",\"factfilePath\":\"/factotum/samples/echo.factfile\","
            + "\"factfileArgs\":[\"--tag\",\"foo,bar\"]},\"lastRunFrom\":\"factotum\",\"lastOutcome\":\"SUCCEEDED\"}";

    private static final JobEntry ENTRY = new JobEntry(JobState.DONE,
            new JobRequest(ID, "echotest", "/factotum/samples/echo.factfile", List.of("--tag", "foo,bar")),
            "factotum", LastOutcome.SUCCEEDED);

    @Test
    void encodesTheSpecExampleByteForByte() {
        assertThat(JobEntryJson.encode(ENTRY)).isEqualTo(GOLDEN);
    }

    @Test
    void decodesTheSpecExample() {
        assertThat(JobEntryJson.decode(GOLDEN)).isEqualTo(ENTRY);
    }

    @Test
    void encodesTheServersQueuedWriteWithEmptyArgs() {
        JobEntry queued = JobEntry.queued(new JobRequest("id", "n", "/p", List.of()), "node");

        assertThat(JobEntryJson.encode(queued)).isEqualTo("{\"state\":\"QUEUED\",\"jobRequest\":{\"jobId\":\"id\","
                + "\"jobName\":\"n\",\"factfilePath\":\"/p\",\"factfileArgs\":[]},\"lastRunFrom\":\"node\","
                + "\"lastOutcome\":\"WAITING\"}");
    }

    @Test
    void escapesStringsAsSerdeJsonDoes() {
        String nasty = "q\" b\\ s/ <&>=' \b\t\n\f\r \u0000\u001f\u007f é 😀 \u2028\u2029";
        JobEntry entry = new JobEntry(JobState.WORKING, new JobRequest("i", nasty, "p", List.of(nasty)), "n",
                LastOutcome.RUNNING);

        String json = JobEntryJson.encode(entry);

        String escaped = "q\\\" b\\\\ s/ <&>=' \\b\\t\\n\\f\\r \\u0000\\u001f\u007f é 😀 \u2028\u2029";
        assertThat(json).contains("\"jobName\":\"" + escaped + "\"")
                .contains("\"factfileArgs\":[\"" + escaped + "\"]");
        assertThat(JobEntryJson.decode(json)).isEqualTo(entry);
    }

    @Test
    void readsFieldsInAnyOrderIgnoringUnknownOnesAndDefaultsTheJobId() {
        String json = "{\"lastOutcome\":\"WAITING\",\"extra\":1,\"lastRunFrom\":\"f\",\"jobRequest\":"
                + "{\"factfileArgs\":[],\"factfilePath\":\"/p\",\"jobName\":\"n\"},\"state\":\"QUEUED\"}";

        assertThat(JobEntryJson.decode(json))
                .isEqualTo(JobEntry.queued(new JobRequest("", "n", "/p", List.of()), "f"));
    }

    @Test
    void refusesWhatIsNotAnEntry() {
        assertThatThrownBy(() -> JobEntryJson.decode("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobEntryJson.decode("{\"state\":\"DONE\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobRequest");
        assertThatThrownBy(() -> JobEntryJson.decode(GOLDEN.replace("DONE", "LOST")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobEntryJson.decode(GOLDEN.replace("SUCCEEDED", "WAITING")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
