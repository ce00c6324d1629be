package io.factotum.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict JSON reader that accepts and rejects exactly what rustc-serialize 0.3's
 * {@code Json::from_str} does and reports the same reason, line and column.
 *
 * <p>It is a port of rustc-serialize's event parser (a state machine, so no recursion) plus an
 * iterative tree builder. Quirks kept on purpose: the column counter restarts at 1 <em>on</em> a
 * newline, so the first character of a later line is at column 2; end of input counts as one more
 * column; a trailing comma before {@code ]} is {@code invalid syntax}, before the outermost
 * {@code }} it is {@code trailing comma}; numbers are accumulated the way rustc-serialize does.
 * Duplicate object keys: the last one wins.
 *
 * <p>Numbers become {@link JsonPrimitive}s holding a {@link Long} (or a {@link BigInteger} above
 * {@code Long.MAX_VALUE}) for integers and a {@link Double} for anything with a fraction or an
 * exponent, so callers can tell a JSON integer from a number. Nesting deeper than
 * {@link #MAX_DEPTH} is rejected with {@link JsonErrorCode#NESTING_TOO_DEEP} (where the original
 * would overflow its stack).
 */
public final class RustcJsonReader {
    /** The deepest array/object nesting accepted. */
    public static final int MAX_DEPTH = 1024;

    private static final int EOF = -1;

    private RustcJsonReader() {
    }

    /** Parses one JSON document. */
    public static JsonElement parse(String text) throws JsonParseException {
        return new Builder(new Parser(text)).build();
    }

    private enum Event {
        NULL, BOOLEAN, I64, U64, F64, STRING, ARRAY_START, ARRAY_END, OBJECT_START, OBJECT_END, ERROR, NONE
    }

    private enum State {
        START, BEFORE_FINISH, FINISHED, ARRAY, ARRAY_COMMA, OBJECT, OBJECT_COMMA
    }

    /** rustc-serialize's {@code Parser}: yields one event per call to {@link #next()}. */
    private static final class Parser {
        private final String src;
        private final int length;
        private int pos;
        private int ch;
        private int line = 1;
        private int col = 0;
        private State state = State.START;
        private boolean first;
        // The structural stack: true = array index, false = object key.
        private boolean[] stack = new boolean[16];
        private int depth;

        // Payload of the last event.
        private boolean boolValue;
        private long longValue;
        private double doubleValue;
        private String stringValue;
        private String currentKey;
        private JsonParseException error;

        Parser(String src) {
            this.src = src;
            this.length = src.length();
            bump();
        }

        private void bump() {
            if (pos < length) {
                char c = src.charAt(pos++);
                if (Character.isHighSurrogate(c) && pos < length && Character.isLowSurrogate(src.charAt(pos))) {
                    ch = Character.toCodePoint(c, src.charAt(pos++));
                } else {
                    ch = c;
                }
            } else {
                ch = EOF;
            }
            if (ch == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }

        private boolean eof() {
            return ch == EOF;
        }

        private int chOrNull() {
            return ch == EOF ? 0 : ch;
        }

        JsonParseException errorHere(JsonErrorCode code) {
            return new JsonParseException(code, line, col);
        }

        private Event errorEvent(JsonErrorCode code) {
            state = State.FINISHED;
            error = errorHere(code);
            return Event.ERROR;
        }

        private Event fail(JsonErrorCode code) {
            error = errorHere(code);
            return Event.ERROR;
        }

        private boolean stackEmpty() {
            return depth == 0;
        }

        private boolean lastIsIndex() {
            return depth > 0 && stack[depth - 1];
        }

        private void push(boolean isIndex) {
            if (depth == stack.length) {
                stack = java.util.Arrays.copyOf(stack, depth * 2);
            }
            stack[depth++] = isIndex;
        }

        private void pop() {
            depth--;
        }

        private State afterContainerEnd() {
            if (stackEmpty()) {
                return State.BEFORE_FINISH;
            }
            return lastIsIndex() ? State.ARRAY_COMMA : State.OBJECT_COMMA;
        }

        Event next() {
            if (state == State.FINISHED) {
                return Event.NONE;
            }
            if (state == State.BEFORE_FINISH) {
                parseWhitespace();
                if (eof()) {
                    state = State.FINISHED;
                    return Event.NONE;
                }
                return errorEvent(JsonErrorCode.TRAILING_CHARACTERS);
            }
            return parse();
        }

        private void parseWhitespace() {
            while (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
                bump();
            }
        }

        private Event parse() {
            while (true) {
                parseWhitespace();
                switch (state) {
                    case START:
                        return parseStart();
                    case ARRAY:
                        return parseArray(first);
                    case ARRAY_COMMA: {
                        Event e = parseArrayCommaOrEnd();
                        if (e != null) {
                            return e;
                        }
                        break;
                    }
                    case OBJECT:
                        return parseObject(first);
                    case OBJECT_COMMA:
                        pop();
                        if (ch == ',') {
                            state = State.OBJECT;
                            first = false;
                            bump();
                        } else {
                            return parseObjectEnd();
                        }
                        break;
                    default:
                        return errorEvent(JsonErrorCode.INVALID_SYNTAX);
                }
            }
        }

        private void stateAfterValue(Event val, State scalarState) {
            switch (val) {
                case ERROR -> state = State.FINISHED;
                case ARRAY_START -> {
                    state = State.ARRAY;
                    first = true;
                }
                case OBJECT_START -> {
                    state = State.OBJECT;
                    first = true;
                }
                default -> state = scalarState;
            }
        }

        private Event parseStart() {
            Event val = parseValue();
            stateAfterValue(val, State.BEFORE_FINISH);
            return val;
        }

        private Event parseArray(boolean isFirst) {
            if (ch == ']') {
                if (!isFirst) {
                    return errorEvent(JsonErrorCode.INVALID_SYNTAX);
                }
                state = afterContainerEnd();
                bump();
                return Event.ARRAY_END;
            }
            if (isFirst) {
                push(true);
            }
            Event val = parseValue();
            stateAfterValue(val, State.ARRAY_COMMA);
            return val;
        }

        private Event parseArrayCommaOrEnd() {
            if (ch == ',') {
                state = State.ARRAY;
                first = false;
                bump();
                return null;
            } else if (ch == ']') {
                pop();
                state = afterContainerEnd();
                bump();
                return Event.ARRAY_END;
            } else if (eof()) {
                return errorEvent(JsonErrorCode.EOF_WHILE_PARSING_ARRAY);
            } else {
                return errorEvent(JsonErrorCode.INVALID_SYNTAX);
            }
        }

        private Event parseObject(boolean isFirst) {
            if (ch == '}') {
                if (!isFirst) {
                    if (stackEmpty()) {
                        return errorEvent(JsonErrorCode.TRAILING_COMMA);
                    }
                    // rustc-serialize pops the enclosing element here (a bug we keep: it makes a
                    // nested trailing comma fail later, with another reason).
                    pop();
                }
                state = afterContainerEnd();
                bump();
                return Event.OBJECT_END;
            }
            if (eof()) {
                return errorEvent(JsonErrorCode.EOF_WHILE_PARSING_OBJECT);
            }
            if (ch != '"') {
                return errorEvent(JsonErrorCode.KEY_MUST_BE_A_STRING);
            }
            String key = parseStr();
            if (key == null) {
                state = State.FINISHED;
                return Event.ERROR;
            }
            parseWhitespace();
            if (eof()) {
                return errorEvent(JsonErrorCode.EOF_WHILE_PARSING_OBJECT);
            } else if (ch != ':') {
                return errorEvent(JsonErrorCode.EXPECTED_COLON);
            }
            push(false);
            currentKey = key;
            bump();
            parseWhitespace();
            Event val = parseValue();
            stateAfterValue(val, State.OBJECT_COMMA);
            return val;
        }

        private Event parseObjectEnd() {
            if (ch == '}') {
                state = afterContainerEnd();
                bump();
                return Event.OBJECT_END;
            } else if (eof()) {
                return errorEvent(JsonErrorCode.EOF_WHILE_PARSING_OBJECT);
            } else {
                return errorEvent(JsonErrorCode.INVALID_SYNTAX);
            }
        }

        private Event parseValue() {
            if (eof()) {
                return errorEvent(JsonErrorCode.EOF_WHILE_PARSING_VALUE);
            }
            switch (ch) {
                case 'n':
                    return parseIdent("ull", Event.NULL);
                case 't':
                    boolValue = true;
                    return parseIdent("rue", Event.BOOLEAN);
                case 'f':
                    boolValue = false;
                    return parseIdent("alse", Event.BOOLEAN);
                case '"': {
                    String s = parseStr();
                    if (s == null) {
                        return Event.ERROR;
                    }
                    stringValue = s;
                    return Event.STRING;
                }
                case '[':
                    bump();
                    return Event.ARRAY_START;
                case '{':
                    bump();
                    return Event.OBJECT_START;
                default:
                    if ((ch >= '0' && ch <= '9') || ch == '-') {
                        return parseNumber();
                    }
                    return errorEvent(JsonErrorCode.INVALID_SYNTAX);
            }
        }

        private Event parseIdent(String ident, Event value) {
            for (int i = 0; i < ident.length(); i++) {
                bump();
                if (ch != ident.charAt(i)) {
                    return fail(JsonErrorCode.INVALID_SYNTAX);
                }
            }
            bump();
            return value;
        }

        private Event parseNumber() {
            boolean neg = false;
            if (ch == '-') {
                bump();
                neg = true;
            }
            long res;
            // parse_u64, unsigned
            int c0 = chOrNull();
            if (c0 == '0') {
                bump();
                int c1 = chOrNull();
                if (c1 >= '0' && c1 <= '9') {
                    return fail(JsonErrorCode.INVALID_NUMBER);
                }
                res = 0;
            } else if (c0 >= '1' && c0 <= '9') {
                long accum = 0;
                while (!eof()) {
                    int c = chOrNull();
                    if (c >= '0' && c <= '9') {
                        // checked_mul(10) then checked_add(digit) on u64
                        if (Long.compareUnsigned(accum, Long.divideUnsigned(-1L, 10)) > 0) {
                            return fail(JsonErrorCode.INVALID_NUMBER);
                        }
                        long times10 = accum * 10;
                        long sum = times10 + (c - '0');
                        if (Long.compareUnsigned(sum, times10) < 0) {
                            return fail(JsonErrorCode.INVALID_NUMBER);
                        }
                        accum = sum;
                        bump();
                    } else {
                        break;
                    }
                }
                res = accum;
            } else {
                return fail(JsonErrorCode.INVALID_NUMBER);
            }

            if (ch == '.' || ch == 'e' || ch == 'E') {
                double f = unsignedToDouble(res);
                if (ch == '.') {
                    bump();
                    int c = chOrNull();
                    if (!(c >= '0' && c <= '9')) {
                        return fail(JsonErrorCode.INVALID_NUMBER);
                    }
                    double dec = 1.0;
                    while (!eof()) {
                        c = chOrNull();
                        if (c >= '0' && c <= '9') {
                            dec /= 10.0;
                            f += (c - '0') * dec;
                            bump();
                        } else {
                            break;
                        }
                    }
                }
                if (ch == 'e' || ch == 'E') {
                    bump();
                    long exp = 0;
                    boolean negExp = false;
                    if (ch == '+') {
                        bump();
                    } else if (ch == '-') {
                        bump();
                        negExp = true;
                    }
                    int c = chOrNull();
                    if (!(c >= '0' && c <= '9')) {
                        return fail(JsonErrorCode.INVALID_NUMBER);
                    }
                    while (!eof()) {
                        c = chOrNull();
                        if (c >= '0' && c <= '9') {
                            exp = exp * 10 + (c - '0');
                            bump();
                        } else {
                            break;
                        }
                    }
                    double e = powi(10.0, (int) exp);
                    f = negExp ? f / e : f * e;
                }
                if (neg) {
                    f *= -1.0;
                }
                doubleValue = f;
                return Event.F64;
            }
            if (neg) {
                // i64::MAX + 1 as u64
                if (Long.compareUnsigned(res, Long.MIN_VALUE) > 0) {
                    return fail(JsonErrorCode.INVALID_NUMBER);
                }
                longValue = -res;
                return Event.I64;
            }
            longValue = res;
            return Event.U64;
        }

        /** LLVM's powi (compiler-rt __powidf2), which Rust's f64::powi compiles to. */
        private static double powi(double a, int b) {
            boolean recip = b < 0;
            double r = 1;
            while (true) {
                if ((b & 1) != 0) {
                    r *= a;
                }
                b /= 2;
                if (b == 0) {
                    break;
                }
                a *= a;
            }
            return recip ? 1 / r : r;
        }

        private static double unsignedToDouble(long u) {
            double d = (double) (u >>> 1) * 2.0 + (u & 1);
            return u >= 0 ? (double) u : d;
        }

        private int decodeHexEscape() {
            int n = 0;
            for (int i = 0; i < 4; i++) {
                bump();
                int c = chOrNull();
                int digit;
                if (c >= '0' && c <= '9') {
                    digit = c - '0';
                } else if (c >= 'a' && c <= 'f') {
                    digit = 10 + c - 'a';
                } else if (c >= 'A' && c <= 'F') {
                    digit = 10 + c - 'A';
                } else {
                    error = errorHere(JsonErrorCode.INVALID_ESCAPE);
                    return -1;
                }
                n = n * 16 + digit;
            }
            return n;
        }

        /** Parses a string starting at the opening quote; null (with {@link #error} set) on error. */
        private String parseStr() {
            StringBuilder res = new StringBuilder();
            boolean escape = false;
            while (true) {
                if (!escape) {
                    // Fast path: copy a run of ordinary characters in one go. They are BMP,
                    // not controls, quotes or backslashes, so each is one column on this line.
                    int start = pos;
                    int i = pos;
                    while (i < length) {
                        char c = src.charAt(i);
                        if (c < 0x20 || c == '"' || c == '\\' || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                            break;
                        }
                        i++;
                    }
                    if (i > start) {
                        res.append(src, start, i);
                        col += i - start;
                        pos = i;
                    }
                }
                bump();
                if (eof()) {
                    error = errorHere(JsonErrorCode.EOF_WHILE_PARSING_STRING);
                    return null;
                }
                if (escape) {
                    switch (ch) {
                        case '"' -> res.append('"');
                        case '\\' -> res.append('\\');
                        case '/' -> res.append('/');
                        case 'b' -> res.append('\b');
                        case 'f' -> res.append('\f');
                        case 'n' -> res.append('\n');
                        case 'r' -> res.append('\r');
                        case 't' -> res.append('\t');
                        case 'u' -> {
                            int n1 = decodeHexEscape();
                            if (n1 < 0) {
                                return null;
                            }
                            if (n1 >= 0xDC00 && n1 <= 0xDFFF) {
                                error = errorHere(JsonErrorCode.LONE_LEADING_SURROGATE_IN_HEX_ESCAPE);
                                return null;
                            }
                            if (n1 >= 0xD800 && n1 <= 0xDBFF) {
                                bump();
                                int a = ch;
                                bump();
                                int b = ch;
                                if (a != '\\' || b != 'u') {
                                    error = errorHere(JsonErrorCode.UNEXPECTED_END_OF_HEX_ESCAPE);
                                    return null;
                                }
                                int n2 = decodeHexEscape();
                                if (n2 < 0) {
                                    return null;
                                }
                                if (n2 < 0xDC00 || n2 > 0xDFFF) {
                                    error = errorHere(JsonErrorCode.LONE_LEADING_SURROGATE_IN_HEX_ESCAPE);
                                    return null;
                                }
                                res.append((char) n1).append((char) n2);
                            } else {
                                res.append((char) n1);
                            }
                        }
                        default -> {
                            error = errorHere(JsonErrorCode.INVALID_ESCAPE);
                            return null;
                        }
                    }
                    escape = false;
                } else if (ch == '\\') {
                    escape = true;
                } else if (ch == '"') {
                    bump();
                    return res.toString();
                } else if (Character.getType(ch) == Character.CONTROL) {
                    // Rust's char::is_control: general category Cc (U+0000..U+001F, U+007F..U+009F).
                    error = errorHere(JsonErrorCode.CONTROL_CHARACTER_IN_STRING);
                    return null;
                } else {
                    res.appendCodePoint(ch);
                }
            }
        }
    }

    /** rustc-serialize's {@code Builder}, made iterative with an explicit stack of containers. */
    private static final class Builder {
        private final Parser parser;

        Builder(Parser parser) {
            this.parser = parser;
        }

        private static final class Frame {
            final JsonArray array;
            final JsonObject object;
            String key;

            Frame(JsonArray array, JsonObject object) {
                this.array = array;
                this.object = object;
            }
        }

        JsonElement build() throws JsonParseException {
            List<Frame> frames = new ArrayList<>();
            Event tok = parser.next();
            boolean valuePosition = true;
            while (true) {
                JsonElement completed;
                if (valuePosition) {
                    switch (tok) {
                        case NULL -> completed = JsonNull.INSTANCE;
                        case BOOLEAN -> completed = new JsonPrimitive(parser.boolValue);
                        case I64 -> completed = new JsonPrimitive(parser.longValue);
                        case U64 -> completed = parser.longValue >= 0
                                ? new JsonPrimitive(parser.longValue)
                                : new JsonPrimitive(new BigInteger(Long.toUnsignedString(parser.longValue)));
                        case F64 -> completed = new JsonPrimitive(parser.doubleValue);
                        case STRING -> completed = new JsonPrimitive(parser.stringValue);
                        case ERROR -> throw parser.error;
                        case ARRAY_START, OBJECT_START -> {
                            if (frames.size() >= MAX_DEPTH) {
                                throw new JsonParseException(JsonErrorCode.NESTING_TOO_DEEP, parser.line, parser.col);
                            }
                            frames.add(tok == Event.ARRAY_START
                                    ? new Frame(new JsonArray(), null)
                                    : new Frame(null, new JsonObject()));
                            tok = parser.next();
                            valuePosition = false;
                            continue;
                        }
                        case ARRAY_END, OBJECT_END -> throw parser.errorHere(JsonErrorCode.INVALID_SYNTAX);
                        default -> throw parser.errorHere(JsonErrorCode.EOF_WHILE_PARSING_VALUE);
                    }
                } else {
                    Frame top = frames.get(frames.size() - 1);
                    if (top.array != null) {
                        if (tok != Event.ARRAY_END) {
                            valuePosition = true;
                            continue;
                        }
                        completed = top.array;
                    } else {
                        if (tok == Event.ERROR) {
                            throw parser.error;
                        } else if (tok == Event.NONE) {
                            throw parser.errorHere(JsonErrorCode.EOF_WHILE_PARSING_OBJECT);
                        } else if (tok != Event.OBJECT_END) {
                            top.key = parser.currentKey;
                            valuePosition = true;
                            continue;
                        }
                        completed = top.object;
                    }
                    frames.remove(frames.size() - 1);
                }
                if (frames.isEmpty()) {
                    tok = parser.next();
                    if (tok == Event.NONE) {
                        return completed;
                    }
                    if (tok == Event.ERROR) {
                        throw parser.error;
                    }
                    throw new IllegalStateException("unexpected token " + tok);
                }
                Frame parent = frames.get(frames.size() - 1);
                if (parent.array != null) {
                    parent.array.add(completed);
                } else {
                    // JsonObject.add replaces an existing key: the last duplicate wins, as in a BTreeMap.
                    parent.object.add(parent.key, completed);
                }
                tok = parser.next();
                valuePosition = false;
            }
        }
    }
}
