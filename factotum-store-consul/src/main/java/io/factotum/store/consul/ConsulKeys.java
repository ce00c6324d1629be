package io.factotum.store.consul;

import java.nio.charset.StandardCharsets;

/**
 * The key layout. Job entries stay where the original server puts them, {@code <namespace>/<jobId>},
 * so {@code /check} and tools reading Consul keep working; everything the cluster adds lives under
 * the sibling prefix {@code <namespace>.cluster/}, which a listing of {@code <namespace>/} never sees.
 *
 * <pre>
 * &lt;ns&gt;/&lt;jobId&gt;                         job entry, the original's JSON (spec section 7)
 * &lt;ns&gt;.cluster/queue-meta              {"head":h,"tail":t}: the queue is the items h..t-1
 * &lt;ns&gt;.cluster/queue/&lt;seq&gt;             a queued job id; release writes h-1, enqueue writes t
 * &lt;ns&gt;.cluster/claims/&lt;token&gt;          a claim (node, lease expiry)
 * &lt;ns&gt;.cluster/nodes/&lt;nodeId&gt;          a node's registration (heartbeat, expiry)
 * &lt;ns&gt;.cluster/live/&lt;nodeId&gt;           held by the node's session; gone when the session lapses
 * &lt;ns&gt;.cluster/runs/&lt;jobId&gt;/&lt;runRef&gt;  a run with its task states
 * &lt;ns&gt;.cluster/factfiles/&lt;jobId&gt;      the factfile text the job was validated with
 * &lt;ns&gt;.cluster/outbox-seq             the last outbox sequence
 * &lt;ns&gt;.cluster/outbox/&lt;seq&gt;            an undelivered webhook event
 * </pre>
 */
final class ConsulKeys {
    /** Sequences may go below zero (releases go to the front): keys add this so they sort as text. */
    private static final long SEQUENCE_OFFSET = 4_000_000_000_000_000_000L;

    private final String namespace;
    private final String cluster;

    ConsulKeys(String namespace) {
        requireValidNamespace(namespace);
        this.namespace = namespace;
        this.cluster = namespace + ".cluster/";
    }

    static void requireValidNamespace(String namespace) {
        if (namespace.isEmpty() || namespace.startsWith("/") || namespace.endsWith("/") || namespace.contains("//")
                || namespace.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '%')
                || java.util.Arrays.stream(namespace.split("/")).anyMatch(p -> p.equals(".") || p.equals(".."))) {
            throw new IllegalArgumentException("Invalid Consul namespace '" + namespace
                    + "': it must be non-empty, without leading, trailing or double '/', '.' or '..' segments,"
                    + " '%' and control characters");
        }
    }

    String namespace() {
        return namespace;
    }

    /** Prefix of every job entry. */
    String jobsPrefix() {
        return namespace + "/";
    }

    /**
     * The original's key for a job. Real job ids are hex; other ids keep their text except for the
     * characters a key cannot carry as one path segment, so the listing order stays code-point order
     * for every id without them.
     */
    String job(String jobId) {
        return jobsPrefix() + escape(jobId, false);
    }

    String jobId(String key) {
        return unescape(key.substring(jobsPrefix().length()));
    }

    String queueMeta() {
        return cluster + "queue-meta";
    }

    String queueItem(long sequence) {
        return cluster + "queue/" + sequence(sequence);
    }

    String queuePrefix() {
        return cluster + "queue/";
    }

    String claim(String token) {
        return claimsPrefix() + escape(token, true);
    }

    String claimsPrefix() {
        return cluster + "claims/";
    }

    String node(String nodeId) {
        return nodesPrefix() + escape(nodeId, true);
    }

    String nodesPrefix() {
        return cluster + "nodes/";
    }

    /** Held by the node's Consul session: present exactly while Consul counts the node as alive. */
    String live(String nodeId) {
        return cluster + "live/" + escape(nodeId, true);
    }

    String run(String jobId, String runReference) {
        return runsPrefix(jobId) + escape(runReference, true);
    }

    /** Ends with '/', so that one job's prefix never matches another id that starts the same. */
    String runsPrefix(String jobId) {
        return cluster + "runs/" + escape(jobId, true) + "/";
    }

    String factfile(String jobId) {
        return cluster + "factfiles/" + escape(jobId, true);
    }

    String outboxSequence() {
        return cluster + "outbox-seq";
    }

    String outboxItem(long sequence) {
        return outboxPrefix() + sequence(sequence);
    }

    String outboxPrefix() {
        return cluster + "outbox/";
    }

    private static String sequence(long sequence) {
        return String.format("%019d", sequence + SEQUENCE_OFFSET);
    }

    /**
     * Percent-escapes a key segment: '%', '/' and control characters always; with {@code strict}
     * everything but {@code [A-Za-z0-9._-]}.
     */
    static String escape(String text, boolean strict) {
        if (text.equals(".") || text.equals("..")) {
            // A dot segment would be resolved by HTTP path handling and name another key.
            return text.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            boolean plain = strict
                    ? (cp < 0x80 && (Character.isLetterOrDigit(cp) || cp == '.' || cp == '_' || cp == '-'))
                    : !(cp == '%' || cp == '/' || cp < 0x20 || cp == 0x7f);
            if (plain) {
                out.appendCodePoint(cp);
            } else {
                for (byte b : text.substring(i, i + width).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            i += width;
        }
        return out.toString();
    }

    static String unescape(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    plain = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(plain, 0, plain.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
