package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzzes the mustache templater and the parsers of its variables ({@code --env}, {@code --tag}).
 * Properties: rendering throws only {@link TemplateException}, is deterministic, and a template
 * without {@code {} renders as itself; the {@code --env} parser throws only
 * {@link IllegalArgumentException}; the tag parser never throws and keeps no blank key.
 */
class TemplaterFuzzTest {
    // The shape production renders against (Variables.templateContext): a flat map of strings.
    private static final Map<String, String> CONTEXT = new Variables(
            Map.of("name", "x<&>\"'", "a.b", "dotted", "a", "plain", "empty", "", "{{", "}}"),
            Map.of("env", "prod", "k", "{{name}}")).templateContext();

    @DictionaryEntries({"{{", "}}", "{{{", "}}}", "{{#", "{{^", "{{/", "{{!", "{{&", "{{>", "{{=", "=}}", "tag:env", "name", "a.b", "\r\n"})
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
