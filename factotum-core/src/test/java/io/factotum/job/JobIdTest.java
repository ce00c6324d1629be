package io.factotum.job;

import static io.factotum.factfile.FactfileTestData.testdata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.factfile.FactfileException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Factotum Server's job id, with the three vectors of server spec 5.1. */
class JobIdTest {

    private static String echo() throws Exception {
        return Files.readString(testdata("factfiles/echo.factfile"));
    }

    @Test
    void noTags() throws Exception {
        assertThat(JobId.compute(echo(), Map.of())).isEqualTo("3168425b07ea38a671e1a9abf8858080a0259bf32db15b1c0d08ae9caee9f39f");
    }

    @Test
    void oneTag() throws Exception {
        assertThat(JobId.compute(echo(), Map.of("foo", "bar"))).isEqualTo("6ef5cf55f2815a098695861ec5f8e9c7122dd2e5339cf954d7e2cb2e761dd583");
    }

    @Test
    void tagsAreHashedInKeyOrder() throws Exception {
        assertThat(JobId.compute(echo(), Map.of("b", "2", "a", "1"))).isEqualTo("ec26914d858eb57cde3e27f9ad919aeea28a77c34a416dc279c9ec81cfc65896");
    }

    @Test
    void whitespaceAndKeyOrderDoNotMatter() throws Exception {
        String a = "{\"b\": [1, {\"y\": 2, \"x\": 1}], \"a\": \"s\"}";
        String b = "{ \"a\" : \"s\",\n\"b\":[1,{\"x\":1,\"y\":2}] }";
        assertThat(JobId.compute(a, Map.of())).isEqualTo(JobId.compute(b, Map.of()));
        assertThat(JobId.compute(a, Map.of())).isNotEqualTo(JobId.compute(a, Map.of("k", "")));
    }

    @Test
    void invalidJsonIsReportedInSerdeWording() {
        assertThatThrownBy(() -> JobId.compute("", Map.of()))
                .isInstanceOf(FactfileException.class)
                .hasMessage("EOF while parsing a value at line 1 column 0");
        assertThatThrownBy(() -> JobId.compute("{", Map.of()))
                .hasMessage("EOF while parsing an object at line 1 column 1");
        assertThatThrownBy(() -> JobId.compute("{} x", Map.of()))
                .hasMessage("trailing characters at line 1 column 3");
    }
}
