package io.factotum.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The serde_json 0.9 writer and reader details that the HTTP suite does not reach. */
class SerdeJsonTest {
    @Test
    void escapesLikeSerde() {
        String s = SerdeJsonWriter.write(JsonParser.parseString("{\"k\":\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001/é€\"}"), false);
        assertThat(s).isEqualTo("{\"k\":\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001/é€\"}");
    }

    @Test
    void prettyEmptyContainersAndNesting() {
        assertThat(SerdeJsonWriter.write(JsonParser.parseString("{\"a\":[],\"b\":{},\"c\":[1,{\"d\":null}]}"), true))
                .isEqualTo("{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": null\n    }\n  ]\n}");
    }

    @Test
    void syntaxErrorPositions() {
        assertError("", "EOF while parsing a value at line 1 column 0");
        assertError("{", "EOF while parsing an object at line 1 column 1");
        assertError("{\"a\":1,}", "key must be a string at line 1 column 8");
        assertError("[1,]", "expected value at line 1 column 4");
        assertError("\n\n  x", "expected value at line 3 column 3");
        assertError("tru", "EOF while parsing a value at line 1 column 3");
        assertError("trux", "expected ident at line 1 column 4");
        assertError("01", "invalid number at line 1 column 2");
        assertError("\"\\q\"", "invalid escape at line 1 column 3");
        assertError("{} {}", "trailing characters at line 1 column 4");
    }

    @Test
    void duplicateKeysLastWins() throws Exception {
        assertThat(SerdeJsonReader.parse("{\"a\":1,\"a\":2}", 10).toString()).isEqualTo("{\"a\":2}");
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> SerdeJsonReader.parse(text, 64)).hasMessage(message);
    }
}
