package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ruling 10: request variables are escaped where they reach the shell, the factfile's text is not. */
class VariableQuotingTest {
    private static final String FACTFILE = """
            {"schema": "iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0",
             "data": {"name": "n {{ m }}", "tasks": [
              {"name": "t", "executor": "shell", "command": "echo",
               "arguments": ["$HOME `id` {{ m }}", "{{{ m }}}", "{{& tag:t }}"],
               "dependsOn": [], "onResult": {"terminateJobWithSuccess": [], "continueJob": [0]}}]}}
            """;

    private static List<String> arguments(VariableQuoting quoting, String value) throws FactfileException {
        return new FactfileParser().parse(FACTFILE, "f", new Variables(Map.of("m", value), Map.of("t", value), quoting))
                .tasks().get(0).arguments();
    }

    @Test
    void escapesTheFourCharactersLiveInsideDoubleQuotes() {
        assertThat(VariableQuoting.escapeForDoubleQuotes("a$b`c\\d\"e'f")).isEqualTo("a\\$b\\`c\\\\d\\\"e'f");
        assertThat(VariableQuoting.escapeForDoubleQuotes("plain")).isEqualTo("plain");
        assertThat(VariableQuoting.AS_GIVEN.apply("$x")).isEqualTo("$x");
    }

    @Test
    void escapedValuesInArgumentsTemplateTextAsWritten() throws Exception {
        String value = "$(id) \\\" `id`";
        assertThat(arguments(VariableQuoting.ESCAPED, value)).containsExactly(
                // {{ }} HTML-escapes the quote first, so only the other three need a backslash
                "$HOME `id` \\$(id) \\\\&quot; \\`id\\`",
                "\\$(id) \\\\\\\" \\`id\\`",
                "\\$(id) \\\\\\\" \\`id\\`");
    }

    @Test
    void asGivenIsFactotumsRendering() throws Exception {
        String value = "$(id) \\\" `id`";
        assertThat(arguments(VariableQuoting.AS_GIVEN, value)).containsExactly(
                "$HOME `id` $(id) \\&quot; `id`", value, value);
        // the 2-argument constructor (the CLI) keeps Factotum's behaviour
        assertThat(new Variables(Map.of(), Map.of()).quoting()).isEqualTo(VariableQuoting.AS_GIVEN);
    }

    @Test
    void onlyArgumentsAreEscaped() throws Exception {
        Factfile ff = new FactfileParser().parse(FACTFILE, "f",
                new Variables(Map.of("m", "$x"), Map.of(), VariableQuoting.ESCAPED));
        assertThat(ff.name()).isEqualTo("n $x");
    }
}
