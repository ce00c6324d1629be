package io.factotum.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;

/**
 * Parses request bodies with serde_json 0.9's grammar and its error texts
 * ({@code <reason> at line L column C}, column = characters read on the line, so the empty body is
 * {@code EOF while parsing a value at line 1 column 0}), as Factotum Server's bodyparser reports
 * them after {@code Error decoding JSON string: }. Duplicate keys: the last one wins. One addition:
 * nesting deeper than the configured limit is refused with {@code recursion limit exceeded}
 * (serde_json 1.x's wording), so that a hostile body cannot exhaust the stack.
 */
public final class SerdeJsonReader {
    private final String text;
    private final int maxDepth;
    private int index;
    private int line = 1;
    private int column;
    private int depth;

    private SerdeJsonReader(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** Parses one JSON value with nothing but whitespace around it. */
    public static JsonElement parse(String text, int maxDepth) throws BodyException {
        SerdeJsonReader reader = new SerdeJsonReader(text, maxDepth);
        JsonElement value = reader.value();
        reader.whitespace();
        if (reader.index < text.length()) {
            throw reader.peekError("trailing characters");
        }
        return value;
    }

    private JsonElement value() throws BodyException {
        whitespace();
        if (index >= text.length()) {
            throw peekError("EOF while parsing a value");
        }
        char c = text.charAt(index);
        switch (c) {
            case 'n':
                next();
                ident("ull");
                return JsonNull.INSTANCE;
            case 't':
                next();
                ident("rue");
                return new JsonPrimitive(true);
            case 'f':
                next();
                ident("alse");
                return new JsonPrimitive(false);
            case '"':
                next();
                return new JsonPrimitive(string());
            case '[':
                next();
                return array();
            case '{':
                next();
                return object();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw peekError("expected value");
        }
    }

    private void ident(String rest) throws BodyException {
        for (int i = 0; i < rest.length(); i++) {
            if (index >= text.length()) {
                throw error("EOF while parsing a value");
            }
            if (next() != rest.charAt(i)) {
                throw error("expected ident");
            }
        }
    }

    private JsonElement array() throws BodyException {
        enter();
        JsonArray array = new JsonArray();
        whitespace();
        if (peekIs(']')) {
            next();
            depth--;
            return array;
        }
        while (true) {
            array.add(value());
            whitespace();
            if (index >= text.length()) {
                throw peekError("EOF while parsing a list");
            }
            char c = next();
            if (c == ']') {
                depth--;
                return array;
            }
            if (c != ',') {
                throw error("expected `,` or `]`");
            }
        }
    }

    private JsonElement object() throws BodyException {
        enter();
        JsonObject object = new JsonObject();
        whitespace();
        if (peekIs('}')) {
            next();
            depth--;
            return object;
        }
        while (true) {
            whitespace();
            if (index >= text.length()) {
                throw peekError("EOF while parsing an object");
            }
            if (text.charAt(index) != '"') {
                throw peekError("key must be a string");
            }
            next();
            String key = string();
            whitespace();
            if (index >= text.length()) {
                throw peekError("EOF while parsing an object");
            }
            if (text.charAt(index) != ':') {
                throw peekError("expected `:`");
            }
            next();
            JsonElement value = value();
            object.remove(key); // last wins, at its own position
            object.add(key, value);
            whitespace();
            if (index >= text.length()) {
                throw peekError("EOF while parsing an object");
            }
            char c = next();
            if (c == '}') {
                depth--;
                return object;
            }
            if (c != ',') {
                throw error("expected `,` or `}`");
            }
        }
    }

    private String string() throws BodyException {
        StringBuilder out = new StringBuilder();
        while (true) {
            if (index >= text.length()) {
                throw error("EOF while parsing a string");
            }
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (index >= text.length()) {
                throw error("EOF while parsing a string");
            }
            char e = next();
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw error("invalid escape");
            }
        }
    }

    private String unicodeEscape() throws BodyException {
        int first = hex4();
        if (first >= 0xDC00 && first <= 0xDFFF) {
            throw error("invalid unicode code point");
        }
        if (first < 0xD800 || first > 0xDBFF) {
            return String.valueOf((char) first);
        }
        if (index + 1 >= text.length() || text.charAt(index) != '\\' || text.charAt(index + 1) != 'u') {
            throw error("unexpected end of hex escape");
        }
        next();
        next();
        int second = hex4();
        if (second < 0xDC00 || second > 0xDFFF) {
            throw error("lone leading surrogate in hex escape");
        }
        return new String(new char[] {(char) first, (char) second});
    }

    private int hex4() throws BodyException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (index >= text.length()) {
                throw error("EOF while parsing a string");
            }
            int digit = Character.digit(next(), 16);
            if (digit < 0) {
                throw error("invalid escape");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private JsonElement number() throws BodyException {
        int start = index;
        if (peekIs('-')) {
            next();
        }
        if (index >= text.length()) {
            throw error("EOF while parsing a value");
        }
        char c = next();
        if (c == '0') {
            if (index < text.length() && isDigit(text.charAt(index))) {
                throw peekError("invalid number");
            }
        } else if (!isDigit(c)) {
            throw error("invalid number");
        }
        while (index < text.length() && isDigit(text.charAt(index))) {
            next();
        }
        boolean integer = true;
        if (peekIs('.')) {
            integer = false;
            next();
            digits();
        }
        if (peekIs('e') || peekIs('E')) {
            integer = false;
            next();
            if (peekIs('+') || peekIs('-')) {
                next();
            }
            digits();
        }
        String literal = text.substring(start, index);
        // An integer longer than this (sign + 20 digits) cannot fit u64 or i64: skip BigInteger.
        if (integer && literal.length() <= 21) {
            BigInteger value = new BigInteger(literal);
            if (value.bitLength() < 64 || (value.signum() > 0 && value.bitLength() == 64)) {
                return new JsonPrimitive(value);
            }
        }
        // Correctly rounded like BigDecimal, but linear in the length (BigDecimal is quadratic on a
        // long literal) and total: exponents beyond int range give infinity or zero, never a throw.
        return new JsonPrimitive(Double.parseDouble(literal));
    }

    private void digits() throws BodyException {
        if (index >= text.length()) {
            throw error("EOF while parsing a value");
        }
        if (!isDigit(next())) {
            throw error("invalid number");
        }
        while (index < text.length() && isDigit(text.charAt(index))) {
            next();
        }
    }

    private void enter() throws BodyException {
        if (++depth > maxDepth) {
            throw error("recursion limit exceeded");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean peekIs(char c) {
        return index < text.length() && text.charAt(index) == c;
    }

    private void whitespace() {
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                return;
            }
            next();
        }
    }

    private char next() {
        char c = text.charAt(index++);
        if (c == '\n') {
            line++;
            column = 0;
        } else {
            column++;
        }
        return c;
    }

    /** An error at what was read so far. */
    private BodyException error(String reason) {
        return new BodyException(reason + " at line " + line + " column " + column);
    }

    /** An error at the character not yet read (serde's peek_error: it counts that character). */
    private BodyException peekError(String reason) {
        if (index >= text.length() || text.charAt(index) == '\n') {
            return error(reason);
        }
        return new BodyException(reason + " at line " + line + " column " + (column + 1));
    }

    /** A body that cannot be decoded; the message is serde's cause text. */
    public static final class BodyException extends Exception {
        public BodyException(String message) {
            super(message);
        }
    }
}
