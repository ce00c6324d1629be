package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rust-mustache 0.7.0 semantics (spec 2.2) and the "Templater" group of checklist 8. */
class TemplaterTest {

    private static String render(String template, Map<String, ?> data) throws TemplateException {
        return Templater.render(template, data);
    }

    @Test
    void checklistHelloName() throws Exception {
        assertThat(render("hello {{name}}!", Map.of("name", "Ed"))).isEqualTo("hello Ed!");
    }

    @Test
    void checklistNestedPath() throws Exception {
        assertThat(render("hello {{person.name}}!", Map.of("person", Map.of("name", "Ted")))).isEqualTo("hello Ted!");
    }

    @Test
    void namesAreTrimmedAndMayContainColons() throws Exception {
        assertThat(render("[{{ tag:env }}][{{\tm\n}}]", Map.of("tag:env", "prod", "m", "x"))).isEqualTo("[prod][x]");
    }

    @Test
    void missingValuesRenderAsNothing() throws Exception {
        assertThat(render("a{{ blank }}b{{ a.b.c }}c{{{ none }}}d", Map.of("a", Map.of("b", "s")))).isEqualTo("abcd");
    }

    @Test
    void aKeyContainingADotIsUnreachable() throws Exception {
        assertThat(render("[{{ a.b }}]", Map.of("a.b", "x"))).isEqualTo("[]");
    }

    @Test
    void doubleBracesHtmlEscapeExactlyFiveCharacters() throws Exception {
        Map<String, String> data = Map.of("v", "<a href=\"x\">'&'</a> / = ` ");
        assertThat(render("{{v}}", data)).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; / = ` ");
        assertThat(render("{{{v}}}", data)).isEqualTo("<a href=\"x\">'&'</a> / = ` ");
        assertThat(render("{{& v}}", data)).isEqualTo("<a href=\"x\">'&'</a> / = ` ");
        assertThat(render("{{ m }}", Map.of("m", "a&b"))).isEqualTo("a&amp;b");
    }

    @Test
    void sectionsOverBooleansMapsAndLists() throws Exception {
        Map<String, Object> data = new HashMap<>();
        data.put("yes", true);
        data.put("no", false);
        data.put("person", Map.of("name", "Ann"));
        data.put("list", List.of(Map.of("n", "1"), Map.of("n", "2")));
        data.put("words", List.of("x", "y"));
        data.put("empty", List.of());
        assertThat(render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#person}}{{name}}{{/person}}", data)).isEqualTo("YAnn");
        assertThat(render("{{#list}}<{{n}}>{{/list}}", data)).isEqualTo("<1><2>");
        assertThat(render("{{#words}}{{.}},{{/words}}", data)).isEqualTo("x,y,");
        assertThat(render("{{#missing}}M{{/missing}}{{#empty}}E{{/empty}}", data)).isEmpty();
    }

    @Test
    void invertedSections() throws Exception {
        Map<String, Object> data = Map.of("s", "v", "f", false, "e", List.of(), "t", true);
        assertThat(render("{{^missing}}1{{/missing}}{{^f}}2{{/f}}{{^e}}3{{/e}}{{^s}}4{{/s}}{{^t}}5{{/t}}", data))
                .isEqualTo("123");
    }

    @Test
    void commentsAndStandaloneLines() throws Exception {
        assertThat(render("a{{! ignore me }}b", Map.of())).isEqualTo("ab");
        assertThat(render("line1\n  {{! comment }}\nline2", Map.of())).isEqualTo("line1\nline2");
        assertThat(render("{{#t}}\nin\n{{/t}}\nout", Map.of("t", true))).isEqualTo("in\nout");
    }

    @Test
    void standaloneTagsRemoveTheirIndentationAndLineEnd() throws Exception {
        assertThat(render("  {{! c }}\nx", Map.of())).isEqualTo("x");
        assertThat(render("{{! c }}\r\nx", Map.of())).isEqualTo("x");
        assertThat(render("a\n  {{#t}}\n  b\n  {{/t}}\nc", Map.of("t", true))).isEqualTo("a\n  b\nc");
        assertThat(render("a\n  {{^t}}\n  b\n  {{/t}}\nc", Map.of("t", true))).isEqualTo("a\nc");
        assertThat(render("  {{> p}}\nx", Map.of())).isEqualTo("x");
        // Not standalone: text after the tag on the same line keeps everything.
        assertThat(render("  {{! c }} y\nx", Map.of())).isEqualTo("   y\nx");
        // Variable tags are never standalone.
        assertThat(render("  {{v}}\nx", Map.of("v", "V"))).isEqualTo("  V\nx");
    }

    @Test
    void delimiterChanges() throws Exception {
        assertThat(render("{{=<% %>=}}<% name %> {{name}} <%={{ }}=%>{{name}}", Map.of("name", "Ed")))
                .isEqualTo("Ed {{name}} Ed");
    }

    @Test
    void partialsRenderAsNothing() throws Exception {
        assertThat(render("a{{> header}}b", Map.of())).isEqualTo("ab");
    }

    @Test
    void unmatchedBracesAreText() throws Exception {
        assertThat(render("hello {world} }} { x", Map.of())).isEqualTo("hello {world} }} { x");
        assertThat(render("{{abc}", Map.of())).isEqualTo("abc}");
        assertThat(render("{\"a\":\"b\"}", Map.of())).isEqualTo("{\"a\":\"b\"}");
        assertThat(render("{{{x}}", Map.of("x", "v"))).isEqualTo("{x}}");
    }

    @Test
    void numbersRenderAsText() throws Exception {
        assertThat(render("{{i}} {{d}}", Map.of("i", 42, "d", 1.5))).isEqualTo("42 1.5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x {{ y                  | unclosed tag",
        "{{#a}}x                 | Unclosed mustache section a",
        "{{#a.b}}{{#c}}{{/c}}    | Unclosed mustache section a.b",
        "x{{/a}}                 | closing unopened section",
        "{{#a}}{{/b}}            | Unclosed section a",
        "{{}}                    | empty tag",
        "{{   }}                 | empty tag",
        "{{#}}                   | empty tag",
        "{{{x}y}}                | unbalanced \"{\" in tag",
        "{{a}b}}                 | character b is not part of CTAG: }",
        "{{=<%=}}                | invalid change delimiter tag content",
        "{{=}}                   | invalid change delimiter tag content"})
    void malformedTemplatesThrowInsteadOfPanicking(String template, String message) {
        assertThatThrownBy(() -> render(template.strip(), Map.of("a", true)))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    @Test
    void valuesOfTheWrongKindThrow() {
        assertThatThrownBy(() -> render("{{#s}}x{{/s}}", Map.of("s", "string")))
                .isInstanceOf(TemplateException.class).hasMessage("unexpected value for section 's'");
        assertThatThrownBy(() -> render("{{m}}", Map.of("m", Map.of())))
                .isInstanceOf(TemplateException.class).hasMessage("unexpected value for tag 'm'");
        assertThatThrownBy(() -> render("{{.}}", Map.of()))
                .isInstanceOf(TemplateException.class).hasMessage("unexpected value for tag '.'");
        assertThatThrownBy(() -> render("{{#w}}{{n}}{{/w}}", Map.of("w", List.of("x"))))
                .isInstanceOf(TemplateException.class).hasMessage("expect map: [\"n\"]");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("n", null);
        assertThatThrownBy(() -> render("x", withNull))
                .isInstanceOf(TemplateException.class).hasMessage("unsupported type");
    }

    @Test
    void deeplyNestedSectionsAreRejectedNotOverflowing() {
        int depth = 100_000;
        String template = "{{#t}}".repeat(depth) + "x" + "{{/t}}".repeat(depth);
        assertThatThrownBy(() -> render(template, Map.of("t", true)))
                .isInstanceOf(TemplateException.class).hasMessage("sections nested too deeply");
    }

    @Test
    void plainTextIsReturnedAsIs() throws Exception {
        String big = "x".repeat(1_000_000);
        assertThat(render(big, Map.of())).isSameAs(big);
    }
}
