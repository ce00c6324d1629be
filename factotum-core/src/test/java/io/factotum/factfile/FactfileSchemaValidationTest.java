package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step 3 of the parse pipeline: the embedded factfile schema, with valico's error lines. */
class FactfileSchemaValidationTest {
    private static final String PREFIX = "'ff' is not a valid factotum factfile: ";
    private static final String TASK = "{\"name\":\"a\",\"executor\":\"shell\",\"command\":\"echo\",\"arguments\":[],"
            + "\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}";
    private static final String VALID = "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\","
            + "\"data\":{\"name\":\"job\",\"tasks\":[" + TASK + "]}}";

    private final FactfileParser parser = new FactfileParser();

    private void assertInvalid(String text, String... lines) {
        assertThatThrownBy(() -> parser.parse(text, "ff", Variables.none()))
                .isInstanceOf(FactfileException.class)
                .hasMessage(PREFIX + String.join("\n", lines));
    }

    private void assertValid(String text) throws FactfileException {
        assertThat(parser.parse(text, "ff", Variables.none())).isNotNull();
    }

    @Test
    void baseDocumentIsValid() throws Exception {
        assertValid(VALID);
        assertValid(VALID.replace("[" + TASK + "]", "[]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "iglu:com.acme/foo/jsonschema/9-9-9 | true",
        "iglu:a.b-c_d/e-f_g/h_i-j/10-200-3000 | true",
        "iglu:com.acme/foo/jsonschema/1-0 | false",
        "iglu:com acme/foo/jsonschema/1-0-0 | false",
        "iglu:com.acme/fo.o/jsonschema/1-0-0 | false",
        "iglu:com.acme/foo/jsonschema/1-0-0x | false",
        "xiglu:com.acme/foo/jsonschema/1-0-0 | false",
        "iglu:com.acme/foo/jsonschema/1-0-0\\n | false",
        "http://iglucentral.com/foo | false"})
    void schemaUriIsOnlyCheckedAgainstTheGenericIgluPattern(String uri, boolean valid) throws Exception {
        String text = VALID.replace("iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0", uri);
        if (valid) {
            assertValid(text);
        } else {
            assertInvalid(text, "'/schema' - Pattern condition is not met");
        }
    }

    @Test
    void missingPropertiesArePointedAtByTheirOwnPath() {
        assertInvalid("{}", "'/schema' - This property is required", "'/data' - This property is required");
        assertInvalid(VALID.replace("\"name\":\"job\",", ""), "'/data/name' - This property is required");
        assertInvalid(VALID.replace(TASK, "{}"),
                "'/data/tasks/0/executor' - This property is required",
                "'/data/tasks/0/dependsOn' - This property is required",
                "'/data/tasks/0/command' - This property is required",
                "'/data/tasks/0/arguments' - This property is required",
                "'/data/tasks/0/name' - This property is required",
                "'/data/tasks/0/onResult' - This property is required");
        assertInvalid(VALID.replace("\"terminateJobWithSuccess\":[],", ""),
                "'/data/tasks/0/onResult/terminateJobWithSuccess' - This property is required");
    }

    @Test
    void additionalPropertiesAreReportedOnTheObject() {
        assertInvalid(VALID.replace("{\"schema\"", "{\"extra\":1,\"schema\""),
                "'' - Property conditions are not met (Additional properties are not allowed)");
        assertInvalid(VALID.replace("\"name\":\"job\"", "\"name\":\"job\",\"x\":{}"),
                "'/data' - Property conditions are not met (Additional properties are not allowed)");
        assertInvalid(VALID.replace("\"executor\":\"shell\"", "\"executor\":\"shell\",\"env\":\"x\""),
                "'/data/tasks/0' - Property conditions are not met (Additional properties are not allowed)");
        assertInvalid(VALID.replace("\"continueJob\":[0]", "\"continueJob\":[0],\"failJob\":[1]"),
                "'/data/tasks/0/onResult' - Property conditions are not met (Additional properties are not allowed)");
    }

    @Test
    void wrongTypesNameTheExpectedType() {
        assertInvalid("[]", "'' - Type of the value is wrong (The value must be object)");
        assertInvalid(VALID.replace("\"name\":\"job\"", "\"name\":7"),
                "'/data/name' - Type of the value is wrong (The value must be string)");
        assertInvalid(VALID.replace("[" + TASK + "]", "{}"),
                "'/data/tasks' - Type of the value is wrong (The value must be array)");
        assertInvalid(VALID.replace("[" + TASK + "]", "[\"task\"]"),
                "'/data/tasks/0' - Type of the value is wrong (The value must be object)");
        assertInvalid(VALID.replace("\"arguments\":[]", "\"arguments\":[\"ok\",null]"),
                "'/data/tasks/0/arguments/1' - Type of the value is wrong (The value must be string)");
        assertInvalid(VALID.replace("\"dependsOn\":[]", "\"dependsOn\":\"a\""),
                "'/data/tasks/0/dependsOn' - Type of the value is wrong (The value must be array)");
        assertInvalid(VALID.replace("\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}", "\"onResult\":[]"),
                "'/data/tasks/0/onResult' - Type of the value is wrong (The value must be object)");
    }

    @Test
    void exitCodesMustBeJsonIntegersInRange() throws Exception {
        assertInvalid(VALID.replace("\"continueJob\":[0]", "\"continueJob\":[1.0]"),
                "'/data/tasks/0/onResult/continueJob/0' - Type of the value is wrong (The value must be integer)");
        assertInvalid(VALID.replace("\"continueJob\":[0]", "\"continueJob\":[0,\"1\"]"),
                "'/data/tasks/0/onResult/continueJob/1' - Type of the value is wrong (The value must be integer)");
        assertInvalid(VALID.replace("\"continueJob\":[0]", "\"continueJob\":[32768]"),
                "'/data/tasks/0/onResult/continueJob/0' - Maximum condition is not met");
        assertInvalid(VALID.replace("\"terminateJobWithSuccess\":[]", "\"terminateJobWithSuccess\":[-1]"),
                "'/data/tasks/0/onResult/terminateJobWithSuccess/0' - Minimum condition is not met");
        assertInvalid(VALID.replace("\"continueJob\":[0]", "\"continueJob\":[99999.5]"),
                "'/data/tasks/0/onResult/continueJob/0' - Type of the value is wrong (The value must be integer)",
                "'/data/tasks/0/onResult/continueJob/0' - Maximum condition is not met");
        assertValid(VALID.replace("\"continueJob\":[0]", "\"continueJob\":[0,32767]"));
    }

    @Test
    void severalErrorsAreJoinedWithNewlinesInDocumentOrder() {
        String text = VALID.replace("\"name\":\"job\"", "\"name\":false,\"extra\":1")
                .replace("\"command\":\"echo\",", "");
        assertInvalid(text,
                "'/data' - Property conditions are not met (Additional properties are not allowed)",
                "'/data/name' - Type of the value is wrong (The value must be string)",
                "'/data/tasks/0/command' - This property is required");
    }
}
