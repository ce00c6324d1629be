package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the mustache templater with arbitrary templates against the shape of data production
 * renders (a flat map of strings). Properties: rendering throws only {@link TemplateException}, is
 * deterministic, and a template without {@code {} renders as itself.
 */
class TemplaterFuzzTest {
    // The shape production renders against (Variables.templateContext): a flat map of strings.
    private static final Map<String, String> CONTEXT = new Variables(
            Map.of("name", "x<&>\"'", "a.b", "dotted", "a", "plain", "empty", "", "{{", "}}"),
            Map.of("env", "prod", "k", "{{name}}")).templateContext();

    @DictionaryEntries({"{{", "}}", "{{{", "}}}", "{{#", "{{^", "{{/", "{{!", "{{&", "{{>", "{{=", "=}}", "tag:env", "name", "a.b"})
    @FuzzTest
    void render(byte[] input) {
        String template = new String(input, StandardCharsets.UTF_8);
        String first;
        try {
            first = Templater.render(template, CONTEXT);
        } catch (TemplateException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        try {
            assertThat(Templater.render(template, CONTEXT)).isEqualTo(first);
        } catch (TemplateException e) {
            throw new AssertionError("second render failed: " + e.getMessage(), e);
        }
        if (template.indexOf('{') < 0) {
            assertThat(first).isEqualTo(template);
        }
    }
}
