package io.factotum.factfile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Mustache rendering with the semantics of rust-mustache 0.7.0, the engine Factotum uses.
 *
 * <p>We do not use mustache.java: Factotum's users depend on rust-mustache's exact behaviour, which
 * differs in details (escaping set, whitespace handling of standalone tags, delimiter parsing,
 * leniency of unclosed delimiters, what panics). This is a port of its parser and renderer:
 * <ul>
 *   <li>{@code {{ name }}}: name trimmed; {@code a.b} walks maps (a key containing {@code .} is
 *       unreachable); a missing value renders as nothing;</li>
 *   <li>{@code {{x}}} HTML-escapes {@code < > & " '} as {@code &lt; &gt; &amp; &quot; &#39;};
 *       {@code {{{x}}}} and {@code {{& x}}} insert the raw value;</li>
 *   <li>sections {@code {{#x}}} over {@code true}, a map or a list; inverted sections {@code {{^x}}}
 *       render when x is missing, {@code false} or an empty list; comments {@code {{! }}};
 *       delimiter changes {@code {{=<% %>=}}}; standalone tags swallow their line;</li>
 *   <li>partials {@code {{> name}}} render as nothing (rust-mustache would read
 *       {@code ./name.mustache} from the working directory, which we deliberately do not do).</li>
 * </ul>
 * Where rust-mustache panics (unclosed tag or section, closing an unopened section, empty tag,
 * unbalanced {@code {}, a section or tag on a value of the wrong kind, ...) this throws a
 * {@link TemplateException} with a short description (ruling 1).
 *
 * <p>Data: a {@code Map<String, ?>} whose values are {@code String}, {@code Boolean},
 * {@code Number} (rendered as text), {@code List} or nested {@code Map}; {@code null} anywhere is an
 * error ({@code unsupported type}), as rust-mustache's encoder rejects JSON null.
 */
public final class Templater {
    /** Deepest section nesting rendered; deeper templates are rejected rather than overflowing the stack. */
    static final int MAX_RENDER_DEPTH = 512;

    private Templater() {
    }

    /** Compiles {@code template} and renders it against {@code data}. */
    public static String render(String template, Map<String, ?> data) throws TemplateException {
        return render(template, data, UnaryOperator.identity());
    }

    /**
     * Compiles {@code template} and renders it against {@code data}, passing every value a tag
     * inserts through {@code valueFilter} (after HTML escaping, for {@code {{x}}}); the template's
     * own text is left as written.
     */
    public static String render(String template, Map<String, ?> data, UnaryOperator<String> valueFilter)
            throws TemplateException {
        if (template.indexOf('{') < 0) {
            // Without the opening delimiter's first character the template is plain text.
            checkEncodable(data, 0);
            return template;
        }
        List<Token> tokens = new TemplateParser(template).parse();
        checkEncodable(data, 0);
        StringBuilder out = new StringBuilder(template.length() + 16);
        List<Object> stack = new ArrayList<>();
        stack.add(data);
        new Renderer(out, valueFilter).render(tokens, stack, 0);
        return out.toString();
    }

    private static void checkEncodable(Object value, int depth) throws TemplateException {
        if (value == null) {
            throw new TemplateException("unsupported type");
        }
        if (depth > MAX_RENDER_DEPTH) {
            throw new TemplateException("data nested too deeply");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new TemplateException("key is not a string");
                }
                checkEncodable(e.getValue(), depth + 1);
            }
        } else if (value instanceof List<?> list) {
            for (Object o : list) {
                checkEncodable(o, depth + 1);
            }
        } else if (!(value instanceof String || value instanceof Boolean || value instanceof Number)) {
            throw new TemplateException("unsupported type");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Tokens

    private sealed interface Token permits Text, ETag, UTag, Section, IncompleteSection, Partial {
    }

    private record Text(String text) implements Token {
    }

    private record ETag(List<String> path) implements Token {
    }

    private record UTag(List<String> path) implements Token {
    }

    private record Section(List<String> path, boolean inverted, List<Token> children) implements Token {
    }

    private record IncompleteSection(List<String> path, boolean inverted, boolean newlined) implements Token {
    }

    private record Partial(String name, String indent) implements Token {
    }

    // ---------------------------------------------------------------------------------------------
    // Parser: a port of rust-mustache 0.7's parser.rs state machine.

    private enum State { TEXT, OTAG, TAG, CTAG }

    private enum TokenClass { NORMAL, STANDALONE, WHITESPACE }

    private static final class TemplateParser {
        private static final int EOF = -1;
        private final String src;
        private int pos;
        private int ch;
        private StringBuilder content = new StringBuilder();
        private State state = State.TEXT;
        private String otag = "{{";
        private String ctag = "}}";
        private int[] otagChars = otag.codePoints().toArray();
        private int[] ctagChars = ctag.codePoints().toArray();
        private String otagFirst = otag.substring(0, Character.charCount(otagChars[0]));
        private int tagPosition;
        private final List<Token> tokens = new ArrayList<>();
        // Result of the last classify() when it was WHITESPACE.
        private String wsText;
        private int wsPos;

        TemplateParser(String src) {
            this.src = src;
            bump();
        }

        private void bump() {
            if (pos < src.length()) {
                ch = src.codePointAt(pos);
                pos += Character.charCount(ch);
            } else {
                ch = EOF;
            }
        }

        private int peek() {
            return pos < src.length() ? src.codePointAt(pos) : EOF;
        }

        List<Token> parse() throws TemplateException {
            boolean curlyBraceTag = false;
            while (ch != EOF) {
                switch (state) {
                    case TEXT -> {
                        if (ch != otagChars[0]) {
                            // Fast path: copy everything up to the next possible opening delimiter.
                            content.appendCodePoint(ch);
                            int next = src.indexOf(otagFirst, pos);
                            int end = next < 0 ? src.length() : next;
                            content.append(src, pos, end);
                            pos = end;
                            bump();
                            continue;
                        }
                        if (ch == otagChars[0]) {
                            if (otagChars.length > 1) {
                                tagPosition = 1;
                                state = State.OTAG;
                            } else {
                                addText();
                                state = State.TAG;
                            }
                        } else {
                            content.appendCodePoint(ch);
                        }
                        bump();
                    }
                    case OTAG -> {
                        if (ch == otagChars[tagPosition]) {
                            if (tagPosition == otagChars.length - 1) {
                                addText();
                                curlyBraceTag = false;
                                state = State.TAG;
                            } else {
                                tagPosition++;
                            }
                        } else {
                            // Not a tag after all: keep what we saw of the delimiter as text.
                            state = State.TEXT;
                            notOtag();
                            content.appendCodePoint(ch);
                        }
                        bump();
                    }
                    case TAG -> {
                        if (content.length() == 0 && ch == '{') {
                            curlyBraceTag = true;
                            content.appendCodePoint(ch);
                            bump();
                        } else if (curlyBraceTag && ch == '}') {
                            curlyBraceTag = false;
                            content.appendCodePoint(ch);
                            bump();
                        } else if (ch == ctagChars[0]) {
                            if (ctagChars.length > 1) {
                                tagPosition = 1;
                                state = State.CTAG;
                                bump();
                            } else {
                                addTag();
                                state = State.TEXT;
                            }
                        } else {
                            content.appendCodePoint(ch);
                            bump();
                        }
                    }
                    case CTAG -> {
                        if (ch == ctagChars[tagPosition]) {
                            if (tagPosition == ctagChars.length - 1) {
                                addTag();
                                state = State.TEXT;
                            } else {
                                state = State.TAG;
                                notCtag();
                                content.appendCodePoint(ch);
                                bump();
                            }
                        } else {
                            throw new TemplateException("character " + new String(Character.toChars(ch))
                                    + " is not part of CTAG: " + new String(Character.toChars(ctagChars[tagPosition])));
                        }
                    }
                }
            }
            switch (state) {
                case TEXT -> addText();
                case OTAG -> {
                    notOtag();
                    addText();
                }
                case TAG -> throw new TemplateException("unclosed tag");
                case CTAG -> {
                    notCtag();
                    addText();
                }
            }
            for (Token token : tokens) {
                if (token instanceof IncompleteSection section) {
                    throw new TemplateException("Unclosed mustache section " + String.join(".", section.path()));
                }
            }
            return tokens;
        }

        private void addText() {
            if (content.length() > 0) {
                tokens.add(new Text(content.toString()));
                content = new StringBuilder();
            }
        }

        private TokenClass classify() {
            if (ch != EOF && !(ch == '\n' || (ch == '\r' && peek() == '\n'))) {
                return TokenClass.NORMAL;
            }
            if (tokens.isEmpty()) {
                return TokenClass.STANDALONE;
            }
            Token last = tokens.get(tokens.size() - 1);
            if (last instanceof IncompleteSection section && section.newlined()) {
                return TokenClass.STANDALONE;
            }
            if (last instanceof Text text && !text.text().isEmpty()) {
                String s = text.text();
                int found = -1;
                for (int i = s.length() - 1; i >= 0; i--) {
                    char c = s.charAt(i);
                    if (c == '\n' || !RustText.isWhitespace(c)) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    if (tokens.size() == 1) {
                        wsText = s;
                        wsPos = 0;
                        return TokenClass.WHITESPACE;
                    }
                    return TokenClass.NORMAL;
                }
                if (s.charAt(found) == '\n') {
                    if (found == s.length() - 1) {
                        return TokenClass.STANDALONE;
                    }
                    wsText = s;
                    wsPos = found + 1;
                    return TokenClass.WHITESPACE;
                }
                return TokenClass.NORMAL;
            }
            return TokenClass.NORMAL;
        }

        /** Swallows the rest of a standalone tag's line; true if it did. */
        private boolean eatWhitespace() {
            switch (classify()) {
                case NORMAL:
                    return false;
                case STANDALONE:
                    if (ch == '\r') {
                        bump();
                    }
                    bump();
                    return true;
                default:
                    if (ch == '\r') {
                        bump();
                    }
                    bump();
                    tokens.remove(tokens.size() - 1);
                    tokens.add(new Text(wsText.substring(0, wsPos)));
                    return true;
            }
        }

        private void addTag() throws TemplateException {
            bump();
            String c = content.toString();
            content = new StringBuilder();
            if (c.isEmpty()) {
                throw new TemplateException("empty tag");
            }
            int len = c.length();
            switch (c.charAt(0)) {
                case '!' -> eatWhitespace();
                case '&' -> tokens.add(new UTag(path(checkContent(c.substring(1)))));
                case '{' -> {
                    if (c.endsWith("}")) {
                        tokens.add(new UTag(path(checkContent(c.substring(1, len - 1)))));
                    } else {
                        throw new TemplateException("unbalanced \"{\" in tag");
                    }
                }
                case '#', '^' -> {
                    boolean newlined = eatWhitespace();
                    List<String> name = path(checkContent(c.substring(1)));
                    tokens.add(new IncompleteSection(name, c.charAt(0) == '^', newlined));
                }
                case '/' -> {
                    eatWhitespace();
                    List<String> name = path(checkContent(c.substring(1)));
                    List<Token> children = new ArrayList<>();
                    while (true) {
                        if (tokens.isEmpty()) {
                            throw new TemplateException("closing unopened section");
                        }
                        Token last = tokens.remove(tokens.size() - 1);
                        if (last instanceof IncompleteSection open) {
                            if (!open.path().equals(name)) {
                                throw new TemplateException("Unclosed section " + String.join(".", open.path()));
                            }
                            java.util.Collections.reverse(children);
                            tokens.add(new Section(name, open.inverted(), children));
                            break;
                        }
                        children.add(last);
                    }
                }
                case '>' -> addPartial(c);
                case '=' -> {
                    eatWhitespace();
                    if (len > 2 && c.endsWith("=")) {
                        String s = checkContent(c.substring(1, len - 1));
                        int ws = -1;
                        for (int i = 0; i < s.length(); i++) {
                            if (RustText.isWhitespace(s.charAt(i))) {
                                ws = i;
                                break;
                            }
                        }
                        if (ws < 0) {
                            throw new TemplateException("invalid change delimiter tag content");
                        }
                        String s2 = s.substring(ws);
                        int start = -1;
                        for (int i = 0; i < s2.length(); i++) {
                            if (!RustText.isWhitespace(s2.charAt(i))) {
                                start = i;
                                break;
                            }
                        }
                        if (start < 0) {
                            throw new TemplateException("invalid change delimiter tag content");
                        }
                        otag = s.substring(0, ws);
                        otagChars = otag.codePoints().toArray();
                        otagFirst = otag.substring(0, Character.charCount(otagChars[0]));
                        ctag = s2.substring(start);
                        ctagChars = ctag.codePoints().toArray();
                    } else {
                        throw new TemplateException("invalid change delimiter tag content");
                    }
                }
                default -> {
                    String name = checkContent(c);
                    tokens.add(new ETag(name.equals(".") ? List.of() : path(name)));
                }
            }
        }

        private void addPartial(String c) throws TemplateException {
            String indent = "";
            switch (classify()) {
                case NORMAL -> {
                }
                case STANDALONE -> {
                    if (ch == '\r') {
                        bump();
                    }
                    bump();
                }
                default -> {
                    if (ch == '\r') {
                        bump();
                    }
                    bump();
                    indent = wsText.substring(wsPos);
                    tokens.remove(tokens.size() - 1);
                    tokens.add(new Text(wsText.substring(0, wsPos)));
                }
            }
            tokens.add(new Partial(checkContent(c.substring(1)), indent));
        }

        private void notOtag() {
            for (int i = 0; i < tagPosition && i < otagChars.length; i++) {
                content.appendCodePoint(otagChars[i]);
            }
        }

        private void notCtag() {
            for (int i = 0; i < tagPosition && i < ctagChars.length; i++) {
                content.appendCodePoint(ctagChars[i]);
            }
        }

        private static String checkContent(String c) throws TemplateException {
            String trimmed = RustText.trim(c);
            if (trimmed.isEmpty()) {
                throw new TemplateException("empty tag");
            }
            return trimmed;
        }

        /** Rust's {@code split_terminator('.')}: like split, but a final empty piece is dropped. */
        private static List<String> path(String name) {
            List<String> parts = new ArrayList<>(2);
            int start = 0;
            while (true) {
                int dot = name.indexOf('.', start);
                if (dot < 0) {
                    if (start < name.length()) {
                        parts.add(name.substring(start));
                    }
                    return List.copyOf(parts);
                }
                parts.add(name.substring(start, dot));
                start = dot + 1;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Renderer: a port of rust-mustache 0.7's template.rs.

    private static final class Renderer {
        private final StringBuilder out;
        private final UnaryOperator<String> valueFilter;
        private String indent = "";

        Renderer(StringBuilder out, UnaryOperator<String> valueFilter) {
            this.out = out;
            this.valueFilter = valueFilter;
        }

        void render(List<Token> tokens, List<Object> stack, int depth) throws TemplateException {
            if (depth > MAX_RENDER_DEPTH) {
                throw new TemplateException("sections nested too deeply");
            }
            for (Token token : tokens) {
                if (token instanceof Text text) {
                    renderText(text.text());
                } else if (token instanceof ETag tag) {
                    renderEtag(tag.path(), stack);
                } else if (token instanceof UTag tag) {
                    renderUtag(out, tag.path(), stack);
                } else if (token instanceof Section section) {
                    renderSection(section, stack, depth);
                } else if (token instanceof IncompleteSection) {
                    throw new IllegalStateException("unclosed section survived parsing");
                }
                // Partials are never loaded (see the class comment): rust-mustache renders a
                // missing partial file as nothing.
            }
        }

        private void renderText(String value) {
            if (indent.isEmpty()) {
                out.append(value);
                return;
            }
            int p = 0;
            while (p < value.length()) {
                int nl = value.indexOf('\n', p);
                int end = nl < 0 ? value.length() : nl + 1;
                if (value.charAt(p) != '\n') {
                    out.append(indent);
                }
                out.append(value, p, end);
                p = end;
            }
        }

        private void renderEtag(List<String> path, List<Object> stack) throws TemplateException {
            StringBuilder raw = new StringBuilder();
            appendValue(raw, path, stack);
            StringBuilder escaped = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                switch (c) {
                    case '<' -> escaped.append("&lt;");
                    case '>' -> escaped.append("&gt;");
                    case '&' -> escaped.append("&amp;");
                    case '"' -> escaped.append("&quot;");
                    case '\'' -> escaped.append("&#39;");
                    default -> escaped.append(c);
                }
            }
            out.append(valueFilter.apply(escaped.toString()));
        }

        private void renderUtag(StringBuilder target, List<String> path, List<Object> stack) throws TemplateException {
            StringBuilder raw = new StringBuilder();
            appendValue(raw, path, stack);
            target.append(valueFilter.apply(raw.toString()));
        }

        private void appendValue(StringBuilder target, List<String> path, List<Object> stack) throws TemplateException {
            Object value = find(path, stack);
            if (value == null) {
                return;
            }
            target.append(indent);
            if (value instanceof String s) {
                target.append(s);
            } else if (value instanceof Number n) {
                target.append(numberText(n));
            } else {
                throw new TemplateException("unexpected value for tag '" + displayPath(path) + "'");
            }
        }

        private void renderSection(Section section, List<Object> stack, int depth) throws TemplateException {
            Object value = find(section.path(), stack);
            if (section.inverted()) {
                if (value == null || Boolean.FALSE.equals(value) || (value instanceof List<?> l && l.isEmpty())) {
                    render(section.children(), stack, depth + 1);
                }
                return;
            }
            if (value == null) {
                return;
            }
            if (value instanceof Boolean b) {
                if (b) {
                    render(section.children(), stack, depth + 1);
                }
            } else if (value instanceof List<?> list) {
                for (Object item : list) {
                    stack.add(item);
                    render(section.children(), stack, depth + 1);
                    stack.remove(stack.size() - 1);
                }
            } else if (value instanceof Map<?, ?>) {
                stack.add(value);
                render(section.children(), stack, depth + 1);
                stack.remove(stack.size() - 1);
            } else {
                throw new TemplateException("unexpected value for section '" + displayPath(section.path()) + "'");
            }
        }

        private static Object find(List<String> path, List<Object> stack) throws TemplateException {
            if (path.isEmpty()) {
                return stack.isEmpty() ? null : stack.get(stack.size() - 1);
            }
            Object value = null;
            for (int i = stack.size() - 1; i >= 0; i--) {
                Object data = stack.get(i);
                if (data instanceof Map<?, ?> map) {
                    Object v = map.get(path.get(0));
                    if (v != null) {
                        value = v;
                        break;
                    }
                } else {
                    throw new TemplateException("expect map: " + debugPath(path));
                }
            }
            if (value == null) {
                return null;
            }
            for (int i = 1; i < path.size(); i++) {
                if (value instanceof Map<?, ?> map) {
                    value = map.get(path.get(i));
                    if (value == null) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            return value;
        }

        private static String displayPath(List<String> path) {
            return path.isEmpty() ? "." : String.join(".", path);
        }

        private static String debugPath(List<String> path) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < path.size(); i++) {
                b.append(i == 0 ? "" : ", ").append('"').append(path.get(i)).append('"');
            }
            return b.append(']').toString();
        }

        private static String numberText(Number n) {
            if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return Double.isNaN(d) ? "NaN" : (d > 0 ? "inf" : "-inf");
                }
                return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
            }
            return n.toString();
        }
    }
}
