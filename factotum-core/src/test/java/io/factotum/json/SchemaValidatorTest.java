package io.factotum.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Generic behaviour of the draft-4 subset; the factfile schema itself is covered by FactfileSchemaValidationTest. */
class SchemaValidatorTest {

    private static List<String> errors(String schema, String document) throws Exception {
        return SchemaValidator.compile(RustcJsonReader.parse(schema)).validate(RustcJsonReader.parse(document))
                .stream().map(SchemaValidator.Failure::line).toList();
    }

    @Test
    void pointerTokensEscapeTildeAndSlash() throws Exception {
        String schema = "{\"properties\": {\"a/b\": {\"type\": \"string\"}, \"c~d\": {\"required\": [\"e/f~\"]}}}";
        assertThat(errors(schema, "{\"a/b\": 1, \"c~d\": {}}")).containsExactly(
                "'/a~1b' - Type of the value is wrong (The value must be string)",
                "'/c~0d/e~1f~0' - This property is required");
    }

    @Test
    void typeListsAndRootErrors() throws Exception {
        assertThat(errors("{\"type\": [\"string\", \"integer\"]}", "1.5"))
                .containsExactly("'' - Type of the value is wrong (The value must be any of: string, integer)");
        assertThat(errors("{\"type\": \"object\", \"additionalProperties\": false}", "{\"x\": 1, \"y\": 2}"))
                .containsExactly(
                        "'' - Property conditions are not met (Additional properties are not allowed)",
                        "'' - Property conditions are not met (Additional properties are not allowed)");
    }

    @Test
    void keywordsOnlyCheckValuesOfTheirKind() throws Exception {
        String schema = "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 10, \"pattern\": \"^a$\", \"required\": [\"x\"], \"items\": {\"type\": \"string\"}}";
        assertThat(errors(schema, "\"b\"")).containsExactly(
                "'' - Type of the value is wrong (The value must be integer)",
                "'' - Pattern condition is not met");
        assertThat(errors(schema, "[1]")).containsExactly(
                "'' - Type of the value is wrong (The value must be integer)",
                "'/0' - Type of the value is wrong (The value must be string)");
        assertThat(errors(schema, "11.5")).containsExactly(
                "'' - Type of the value is wrong (The value must be integer)",
                "'' - Maximum condition is not met");
        assertThat(errors(schema, "-1")).containsExactly("'' - Minimum condition is not met");
        assertThat(errors(schema, "10")).isEmpty();
    }

    @Test
    void exclusiveBoundsAndAdditionalPropertySchemas() throws Exception {
        assertThat(errors("{\"maximum\": 5, \"exclusiveMaximum\": true, \"minimum\": 1, \"exclusiveMinimum\": true}", "5"))
                .containsExactly("'' - Maximum condition is not met");
        assertThat(errors("{\"properties\": {\"a\": {}}, \"additionalProperties\": {\"type\": \"boolean\"}}", "{\"a\": 1, \"b\": 2}"))
                .containsExactly("'/b' - Type of the value is wrong (The value must be boolean)");
    }

    @Test
    void dollarAnchorsAtTheVeryEndAsInRustRegex() throws Exception {
        assertThat(errors("{\"pattern\": \"^x$\"}", "\"x\\n\"")).containsExactly("'' - Pattern condition is not met");
        assertThat(errors("{\"pattern\": \"^x[$]\"}", "\"x$\"")).isEmpty();
        assertThat(SchemaValidator.rustRegex("^a[$]b$")).isEqualTo("^a[$]b\\z");
    }
}
