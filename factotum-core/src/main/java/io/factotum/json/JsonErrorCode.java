package io.factotum.json;

/**
 * The syntax error reasons of rustc-serialize 0.3's JSON parser, with its exact texts
 * ({@code error_str}). Factotum prints them in {@code invalid JSON - <reason> at line L, column C}.
 */
public enum JsonErrorCode {
    INVALID_SYNTAX("invalid syntax"),
    INVALID_NUMBER("invalid number"),
    EOF_WHILE_PARSING_OBJECT("EOF While parsing object"),
    EOF_WHILE_PARSING_ARRAY("EOF While parsing array"),
    EOF_WHILE_PARSING_VALUE("EOF While parsing value"),
    EOF_WHILE_PARSING_STRING("EOF While parsing string"),
    KEY_MUST_BE_A_STRING("key must be a string"),
    EXPECTED_COLON("expected `:`"),
    TRAILING_CHARACTERS("trailing characters"),
    TRAILING_COMMA("trailing comma"),
    INVALID_ESCAPE("invalid escape"),
    UNRECOGNIZED_HEX("invalid \\u{ esc}ape (unrecognized hex)"),
    NOT_FOUR_DIGIT("invalid \\u{ esc}ape (not four digits)"),
    CONTROL_CHARACTER_IN_STRING("unescaped control character in string"),
    NOT_UTF8("contents not utf-8"),
    INVALID_UNICODE_CODE_POINT("invalid Unicode code point"),
    LONE_LEADING_SURROGATE_IN_HEX_ESCAPE("lone leading surrogate in hex escape"),
    UNEXPECTED_END_OF_HEX_ESCAPE("unexpected end of hex escape"),
    /** Not in rustc-serialize (which would overflow its stack): our guard against absurd nesting. */
    NESTING_TOO_DEEP("nesting too deep");

    private final String text;

    JsonErrorCode(String text) {
        this.text = text;
    }

    /** The user-facing reason, byte for byte as rustc-serialize prints it. */
    public String text() {
        return text;
    }
}
