package io.factotum.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON as rustc-serialize 0.3's encoder writes it: no whitespace; strings escaped only for
 * {@code "} {@code \} {@code \b \t \n \f \r} and, as {@code \}{@code u00xx} (lowercase hex), the other
 * bytes 0x00-0x1F and 0x7F; {@code /} and non-ASCII characters written raw. This is the encoding of
 * Factotum's "raw" factfile and of its webhook payloads.
 */
public final class RustcJsonWriter {
    private RustcJsonWriter() {
    }

    /** Appends {@code s} as a quoted, escaped JSON string. */
    public static StringBuilder writeString(StringBuilder out, String s) {
        return JsonStrings.write(out, s, true);
    }

    /** {@code s} as a quoted, escaped JSON string. */
    public static String quote(String s) {
        return writeString(new StringBuilder(s.length() + 2), s).toString();
    }

    /**
     * Any JSON value as rustc-serialize's {@code Json} Display prints it: object keys in code-point
     * order (its objects are BTreeMaps), integers plain, floats in Rust's Display form with
     * {@code .0} added when integral.
     */
    public static String write(JsonElement value) {
        return TreeWriter.write(value, RustcJsonWriter::writeString, RustcJsonWriter::writeNumber);
    }

    private static void writeNumber(StringBuilder out, Number n) {
        if (n instanceof Double || n instanceof Float) {
            out.append(FloatText.rustc(n.doubleValue()));
        } else {
            out.append(n);
        }
    }

    /** Iterative tree writer shared by the two dialects (deep documents must not overflow the stack). */
    static final class TreeWriter {
        interface StringStyle {
            void write(StringBuilder out, String s);
        }

        interface NumberStyle {
            void write(StringBuilder out, Number n);
        }

        private TreeWriter() {
        }

        /** One open container: its remaining members (object entries pre-sorted by key). */
        private static final class Frame {
            final Iterator<JsonElement> elements;
            final Iterator<Map.Entry<String, JsonElement>> entries;
            boolean first = true;

            Frame(Iterator<JsonElement> elements, Iterator<Map.Entry<String, JsonElement>> entries) {
                this.elements = elements;
                this.entries = entries;
            }

            boolean hasNext() {
                return elements != null ? elements.hasNext() : entries.hasNext();
            }
        }

        static String write(JsonElement root, StringStyle strings, NumberStyle numbers) {
            StringBuilder out = new StringBuilder();
            Deque<Frame> stack = new ArrayDeque<>();
            JsonElement next = root;
            while (true) {
                if (next != null) {
                    JsonElement v = next;
                    next = null;
                    if (v.isJsonNull()) {
                        out.append("null");
                    } else if (v.isJsonPrimitive()) {
                        JsonPrimitive p = v.getAsJsonPrimitive();
                        if (p.isString()) {
                            strings.write(out, p.getAsString());
                        } else if (p.isBoolean()) {
                            out.append(p.getAsBoolean());
                        } else {
                            Number num = p.getAsNumber();
                            numbers.write(out, num instanceof BigInteger || num instanceof Long
                                    || num instanceof Double ? num : normalise(num));
                        }
                    } else if (v.isJsonArray()) {
                        out.append('[');
                        stack.push(new Frame(v.getAsJsonArray().iterator(), null));
                    } else {
                        out.append('{');
                        JsonObject o = v.getAsJsonObject();
                        List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(o.entrySet());
                        entries.sort((x, y) -> CodePointOrder.INSTANCE.compare(x.getKey(), y.getKey()));
                        stack.push(new Frame(null, entries.iterator()));
                    }
                }
                Frame frame = stack.peek();
                if (frame == null) {
                    return out.toString();
                }
                if (!frame.hasNext()) {
                    out.append(frame.elements != null ? ']' : '}');
                    stack.pop();
                    continue;
                }
                if (!frame.first) {
                    out.append(',');
                }
                frame.first = false;
                if (frame.elements != null) {
                    next = frame.elements.next();
                } else {
                    Map.Entry<String, JsonElement> e = frame.entries.next();
                    strings.write(out, e.getKey());
                    out.append(':');
                    next = e.getValue();
                }
            }
        }

        private static Number normalise(Number n) {
            // Gson's LazilyParsedNumber and friends: integral text stays integral.
            String s = n.toString();
            try {
                return new BigInteger(s);
            } catch (NumberFormatException e) {
                return Double.parseDouble(s);
            }
        }
    }
}
