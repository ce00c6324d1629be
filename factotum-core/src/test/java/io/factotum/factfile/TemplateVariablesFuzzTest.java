package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzzes the parsers of the template variables: {@code --env} JSON and {@code --tag} values.
 * Properties: the env parser throws only {@link IllegalArgumentException} with Factotum's message;
 * the tag parser never throws and keeps no blank key; the resulting context renders.
 */
class TemplateVariablesFuzzTest {

    @FuzzTest
    void variables(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Map<String, String> env;
        try {
            env = EnvParser.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("Supplied string '");
            env = Map.of();
        }
        Map<String, String> tags = TagParser.parse(Arrays.asList(text.split("\n", -1)));
        assertThat(tags.keySet()).allSatisfy(key -> assertThat(RustText.trim(key)).isNotEmpty());
        Map<String, String> context = new Variables(env, tags).templateContext();
        try {
            Templater.render("{{name}} {{{tag:env}}} {{#a}}{{/a}}", context);
        } catch (TemplateException e) {
            // A section over a string is an error by design; only the exception type matters here.
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
