package io.factotum.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.engine.OutputStreamKind;
import org.junit.jupiter.api.Test;

class EventFactsTest {

    @Test
    void anOutputLineIsOneLineOfJsonThatGivesBackEveryFieldAsWritten() {
        String text = "quote \" backslash \\ tab \t cr \r bell \u0007 del \u007f e\u0301 \u2028 \uD83D\uDE00 </script>";
        String task = "t \"1\"\n";
        ServerEvent e = EventFacts.line("job\\1", "run-1", task, OutputStreamKind.STDERR, 7, text);

        assertThat(e.data()).doesNotContain("\n", "\r"); // one data line of a text/event-stream frame
        JsonObject o = JsonParser.parseString(e.data()).getAsJsonObject();
        assertThat(o.keySet()).containsExactly("jobId", "runReference", "task", "stream", "line");
        assertThat(o.get("jobId").getAsString()).isEqualTo("job\\1");
        assertThat(o.get("runReference").getAsString()).isEqualTo("run-1");
        assertThat(o.get("task").getAsString()).isEqualTo(task);
        assertThat(o.get("stream").getAsString()).isEqualTo("stderr");
        assertThat(o.get("line").getAsString()).isEqualTo(text);
        assertThat(e.key()).isEqualTo(EventFacts.linePrefix("run-1", task) + "stderr|7");
        assertThat(e.type()).isEqualTo(ServerEvent.OUTPUT);
        assertThat(e.jobId()).isEqualTo("job\\1");
    }

    @Test
    void theLinesOfOneStreamShareTheirFormatAndDifferOnlyInTextAndNumber() {
        EventFacts.LineFormat format = new EventFacts.LineFormat("j", "r", "t", OutputStreamKind.STDOUT);
        ServerEvent first = format.line(1, "a");
        ServerEvent second = format.line(2, "b");
        assertThat(first).isEqualTo(EventFacts.line("j", "r", "t", OutputStreamKind.STDOUT, 1, "a"));
        assertThat(second.key()).isNotEqualTo(first.key());
        assertThat(JsonParser.parseString(second.data()).getAsJsonObject().get("line").getAsString()).isEqualTo("b");
    }
}
