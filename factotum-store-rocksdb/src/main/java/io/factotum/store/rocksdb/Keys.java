package io.factotum.store.rocksdb;

import io.factotum.job.JobState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout: one RocksDB key space, sections told apart by a text prefix. Keys sort bytewise,
 * which gives job-id order for jobs and index entries and numeric order for the 8-byte sequences.
 *
 * <pre>
 * meta:schema                        schema version of the whole store
 * meta:version | meta:queue-head | meta:queue-tail | meta:outbox-seq   counters
 * job:&lt;jobId&gt;                        job version + the server's JobEntry JSON
 * state:&lt;STATE&gt;:&lt;jobId&gt;             index for listing by state (empty value)
 * queue:&lt;seq8&gt;                       job id, FIFO by sequence
 * claim:&lt;token&gt;                      claim JSON
 * node:&lt;nodeId&gt;                      node lease JSON
 * run:&lt;jobId&gt;\0&lt;runReference&gt;        run JSON
 * outbox:&lt;seq8&gt;                      outbox event JSON
 * outbox-job:&lt;jobId&gt;\0&lt;seq8&gt;         per-job outbox index (empty value)
 * </pre>
 */
final class Keys {
    static final byte[] SCHEMA = utf8("meta:schema");
    static final byte[] LAST_VERSION = utf8("meta:version");
    static final byte[] QUEUE_HEAD = utf8("meta:queue-head");
    static final byte[] QUEUE_TAIL = utf8("meta:queue-tail");
    static final byte[] OUTBOX_SEQUENCE = utf8("meta:outbox-seq");

    static final byte[] QUEUE = utf8("queue:");
    static final byte[] CLAIM = utf8("claim:");
    static final byte[] NODE = utf8("node:");
    static final byte[] OUTBOX = utf8("outbox:");

    private static final String JOB = "job:";
    private static final String STATE = "state:";
    private static final String RUN = "run:";
    private static final String OUTBOX_JOB = "outbox-job:";

    private Keys() {
    }

    static byte[] job(String jobId) {
        return utf8(JOB + jobId);
    }

    static byte[] stateIndexPrefix(JobState state) {
        return utf8(STATE + state.name() + ":");
    }

    static byte[] stateIndex(JobState state, String jobId) {
        return concat(stateIndexPrefix(state), utf8(jobId));
    }

    static byte[] queue(long sequence) {
        return concat(QUEUE, sequence(sequence));
    }

    static byte[] claim(String token) {
        return concat(CLAIM, utf8(token));
    }

    static byte[] node(String nodeId) {
        return concat(NODE, utf8(nodeId));
    }

    static byte[] runsOf(String jobId) {
        return concat(utf8(RUN + checkNoNul(jobId)), new byte[] {0});
    }

    static byte[] run(String jobId, String runReference) {
        return concat(runsOf(jobId), utf8(runReference));
    }

    static byte[] outbox(long sequence) {
        return concat(OUTBOX, sequence(sequence));
    }

    static byte[] outboxOf(String jobId) {
        return concat(utf8(OUTBOX_JOB + checkNoNul(jobId)), new byte[] {0});
    }

    static byte[] outboxOf(String jobId, long sequence) {
        return concat(outboxOf(jobId), sequence(sequence));
    }

    /** The text after {@code prefix} in {@code key}. */
    static String suffix(byte[] key, byte[] prefix) {
        return new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
    }

    /** The 8-byte sequence after {@code prefix} in {@code key}. */
    static long sequenceAfter(byte[] key, byte[] prefix) {
        return ByteBuffer.wrap(key, prefix.length, Long.BYTES).getLong() ^ Long.MIN_VALUE;
    }

    /** A key for messages: printable ASCII as is, other bytes as {@code \xNN}. */
    static String describe(byte[] key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key) {
            if (b >= 0x20 && b < 0x7F) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b & 0xFF));
            }
        }
        return out.toString();
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Big-endian with the sign bit flipped, so that bytewise order is numeric order, negatives included. */
    private static byte[] sequence(long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence ^ Long.MIN_VALUE).array();
    }

    private static String checkNoNul(String jobId) {
        if (jobId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A job id must not contain NUL");
        }
        return jobId;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
