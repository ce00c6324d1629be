package io.factotum.webhook;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Factotum's check of a {@code --webhook} URL (spec 3.2 step 8): it must begin with {@code http://}
 * or {@code https://}, then parse as a URL; the reasons are those of Rust's {@code url} crate.
 */
public final class WebhookUrl {
    public static final String SCHEME_REASON =
            "URL must begin with 'http://' or 'https://' to be used with Factotum webhooks";
    static final String EMPTY_HOST = "empty host";
    static final String INVALID_PORT = "invalid port number";
    static final String INVALID_IPV4 = "invalid IPv4 address";
    static final String INVALID_IPV6 = "invalid IPv6 address";
    static final String INVALID_DOMAIN_CHARACTER = "invalid domain character";
    static final String INVALID_IDN = "invalid international domain name";

    /** What java.net.URI accepts unescaped, besides letters and digits, in each part. */
    private static final String USERINFO_CHARS = "-_.!~*'();:&=+$,";
    private static final String PATH_CHARS = "-_.!~*'();:&=+$,/@";
    private static final String QUERY_CHARS = "-_.!~*'();:&=+$,/@?";

    /** Characters a host may not contain once percent-decoded (the url crate's list). */
    private static final String FORBIDDEN_HOST_CHARS = "\0\t\n\r #%/:?@[\\]";

    private WebhookUrl() { }

    /**
     * Accepts a usable webhook URL.
     *
     * @throws IllegalArgumentException whose message is the reason, e.g. {@value #SCHEME_REASON} or
     *     {@code empty host}; the CLI prints it after {@code Reason: }
     */
    public static void check(String url) {
        if (!(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException(SCHEME_REASON);
        }
        String reason = parseError(url);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
    }

    /**
     * {@link #check}s {@code url}, then returns it as a {@link URI} the JDK's HTTP client accepts,
     * normalised much as the url crate would: an international host in ASCII (punycode), characters
     * a URI may not hold percent-encoded, backslashes in the path read as slashes.
     *
     * @throws IllegalArgumentException as {@link #check} does
     */
    public static URI toUri(String url) {
        check(url);
        Parts parts = split(url);
        StringBuilder out = new StringBuilder(url.length() + 16).append(parts.scheme()).append("://");
        if (parts.userinfo() != null) {
            out.append(encode(parts.userinfo(), USERINFO_CHARS)).append('@');
        }
        out.append(asciiHost(parts.host()));
        if (parts.port() != null && !parts.port().isEmpty()) {
            out.append(':').append(Integer.parseInt(parts.port()));
        }
        String rest = parts.rest();
        int fragment = rest.indexOf('#');
        String beforeFragment = fragment < 0 ? rest : rest.substring(0, fragment);
        int query = beforeFragment.indexOf('?');
        String path = query < 0 ? beforeFragment : beforeFragment.substring(0, query);
        out.append(encode(path.replace('\\', '/'), PATH_CHARS));
        if (query >= 0) {
            out.append('?').append(encode(beforeFragment.substring(query + 1), QUERY_CHARS));
        }
        if (fragment >= 0) {
            out.append('#').append(encode(rest.substring(fragment + 1), QUERY_CHARS));
        }
        try {
            return new URI(out.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** An http(s) URL cut where the url crate cuts it; {@code userinfo} and {@code port} may be null. */
    private record Parts(String scheme, String userinfo, String host, String port, String rest) { }

    private static Parts split(String url) {
        // Like the url crate: surrounding C0 controls and spaces go, tabs and newlines go anywhere.
        String s = stripControls(url).replaceAll("[\t\n\r]", "");
        int colon = s.indexOf(':');
        int start = colon + 1;
        // Special schemes take any run of slashes (or backslashes) before the authority.
        while (start < s.length() && (s.charAt(start) == '/' || s.charAt(start) == '\\')) {
            start++;
        }
        int end = start;
        while (end < s.length() && "/\\?#".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        String authority = s.substring(start, end);
        int at = authority.lastIndexOf('@');
        String userinfo = at < 0 ? null : authority.substring(0, at);
        String hostAndPort = authority.substring(at + 1);

        // The host ends at the first ':' outside square brackets.
        int hostEnd = 0;
        boolean inBrackets = false;
        while (hostEnd < hostAndPort.length()) {
            char c = hostAndPort.charAt(hostEnd);
            if (c == ':' && !inBrackets) {
                break;
            }
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            }
            hostEnd++;
        }
        String port = hostEnd < hostAndPort.length() ? hostAndPort.substring(hostEnd + 1) : null;
        return new Parts(s.substring(0, colon), userinfo, hostAndPort.substring(0, hostEnd), port, s.substring(end));
    }

    /** Why the {@code url} crate would reject an http(s) URL, or null if it would not. */
    private static String parseError(String url) {
        Parts parts = split(url);
        String hostError = hostError(parts.host());
        if (hostError != null) {
            return hostError;
        }
        if (parts.port() != null) {
            String port = parts.port();
            long value = 0;
            for (int i = 0; i < port.length(); i++) {
                char c = port.charAt(i);
                value = value * 10 + (c - '0');
                if (c < '0' || c > '9' || value > 65_535) {
                    return INVALID_PORT;
                }
            }
        }
        return null;
    }

    private static String asciiHost(String host) {
        if (host.startsWith("[")) {
            return host;
        }
        return toAsciiDomain(percentDecode(host)).toLowerCase(Locale.ROOT);
    }

    /**
     * Punycode for international names only: the JDK's IDN also enforces DNS label lengths, which the
     * url crate does not check, so ASCII names go through as they are.
     */
    private static String toAsciiDomain(String domain) {
        return domain.chars().allMatch(c -> c < 0x80) ? domain : IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    }

    /** Percent-encodes, as UTF-8, every character outside {@code allowed} except existing escapes. */
    private static String encode(String text, String allowed) {
        StringBuilder out = new StringBuilder(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b == '%' && i + 2 < bytes.length
                    && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0;
            if (escape || (b < 0x80 && (Character.isLetterOrDigit(b) || allowed.indexOf(b) >= 0))) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String hostError(String host) {
        if (host.isEmpty()) {
            return EMPTY_HOST;
        }
        if (host.startsWith("[")) {
            return host.endsWith("]") && isIpv6(host.substring(1, host.length() - 1)) ? null : INVALID_IPV6;
        }
        String domain = percentDecode(host);
        try {
            domain = toAsciiDomain(domain);
        } catch (IllegalArgumentException e) {
            return INVALID_IDN;
        }
        for (int i = 0; i < domain.length(); i++) {
            if (FORBIDDEN_HOST_CHARS.indexOf(domain.charAt(i)) >= 0) {
                return INVALID_DOMAIN_CHARACTER;
            }
        }
        return ipv4Error(domain);
    }

    private static boolean isIpv6(String address) {
        if (address.isEmpty() || address.contains("%") || !address.contains(":")
                || !address.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return false;
        }
        try {
            // A bracketed literal is parsed, never looked up.
            InetAddress.getByName("[" + address + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The url crate reads a host whose dot-separated parts are all numbers (decimal, {@code 0x} hex or
     * {@code 0} octal) as an IPv4 address and rejects it when a part is out of range.
     */
    private static String ipv4Error(String domain) {
        List<String> parts = new ArrayList<>(List.of(domain.split("\\.", -1)));
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            return null;
        }
        List<Long> numbers = new ArrayList<>();
        for (String part : parts) {
            Long number = ipv4Number(part);
            if (number == null) {
                return null; // not an address: a domain name
            }
            numbers.add(number);
        }
        long last = numbers.remove(numbers.size() - 1);
        if (last >= 1L << (8 * (4 - numbers.size())) || numbers.stream().anyMatch(n -> n > 255)) {
            return INVALID_IPV4;
        }
        return null;
    }

    private static Long ipv4Number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0L;
        }
        try {
            long value = Long.parseLong(digits, radix);
            // u32 overflow makes the part "not a number" in the url crate, so the host is a domain.
            return value < 0 || value > 0xFFFF_FFFFL ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length
                    && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
                bytes.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String stripControls(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && text.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) <= ' ') {
            to--;
        }
        return text.substring(from, to);
    }
}
