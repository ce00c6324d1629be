package io.factotum.server.http;

import com.google.gson.JsonElement;
import io.factotum.server.http.SerdeJsonReader.BodyException;
import io.factotum.server.http.StructDecoder.Field;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads POST bodies with the rules of bodyparser 0.6 (server spec 2): without a Content-Type, or
 * with {@code multipart/form-data}, there is no body ({@code Error: No body found in POST request});
 * otherwise the body must be UTF-8 JSON that decodes to the struct, else
 * {@code Error decoding JSON string: <cause>}.
 */
final class RequestBodies {
    static final String NO_BODY = "Error: No body found in POST request";
    static final String DECODE_PREFIX = "Error decoding JSON string: ";

    private final int maxDepth;

    RequestBodies(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** A body that cannot be used; carries the 400 answer. */
    static final class Refused extends Exception {
        final HttpResponse response;

        Refused(HttpResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    Map<String, Object> decode(HttpRequest request, String structName, List<Field> fields) throws Refused {
        String type = request.contentType().map(t -> t.toLowerCase(Locale.ROOT)).orElse(null);
        if (type == null || type.startsWith("multipart/form-data")) {
            throw new Refused(HttpResponse.message(400, NO_BODY));
        }
        try {
            JsonElement value = SerdeJsonReader.parse(utf8(request.body()), maxDepth);
            return StructDecoder.decode(value, structName, fields);
        } catch (BodyException e) {
            throw new Refused(HttpResponse.message(400, DECODE_PREFIX + e.getMessage()));
        }
    }

    /** Rust's {@code String::from_utf8}, with its {@code Utf8Error} text on failure. */
    static String utf8(byte[] bytes) throws BodyException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
            decoder.reset();
            var result = decoder.decode(in, out, true);
            int validUpTo = in.position();
            if (result.isMalformed() && validUpTo + result.length() < bytes.length) {
                throw new BodyException("invalid utf-8 sequence of " + result.length() + " bytes from index " + validUpTo);
            }
            if (result.isMalformed() || result.isUnderflow()) {
                // a truncated sequence at the very end
                boolean truncated = looksTruncated(bytes, validUpTo);
                throw new BodyException(truncated
                        ? "incomplete utf-8 byte sequence from index " + validUpTo
                        : "invalid utf-8 sequence of " + Math.max(1, result.length()) + " bytes from index " + validUpTo);
            }
            throw new BodyException("invalid utf-8 sequence of 1 bytes from index " + validUpTo);
        }
    }

    private static boolean looksTruncated(byte[] bytes, int from) {
        int lead = bytes[from] & 0xFF;
        int need = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
        if (need == 0 || from + need <= bytes.length) {
            return false;
        }
        for (int i = from + 1; i < bytes.length; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }
}
