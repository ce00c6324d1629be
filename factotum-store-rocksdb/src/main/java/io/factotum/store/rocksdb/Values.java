package io.factotum.store.rocksdb;

import io.factotum.job.JobEntry;
import io.factotum.job.JobEntryJson;
import io.factotum.store.StoreFormatException;
import io.factotum.store.StoredJob;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The value encoding. Every value starts with a format byte, {@value #FORMAT}, so that a later
 * version can change one kind of value and migrate it lazily; the store as a whole carries a schema
 * version under {@link Keys#SCHEMA}, checked when it is opened. A value with an unknown format byte
 * is refused with {@link StoreFormatException}, never guessed at.
 *
 * <p>Format 1: text values are UTF-8 JSON after the format byte; numbers are 8 bytes big-endian; a
 * job is its version (8 bytes) followed by the original server's JobEntry JSON.
 */
final class Values {
    static final byte FORMAT = 1;
    private static final byte[] EMPTY = {FORMAT};

    private Values() {
    }

    static byte[] empty() {
        return EMPTY.clone();
    }

    static byte[] text(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + body.length).put(FORMAT).put(body).array();
    }

    static String text(byte[] key, byte[] value) {
        check(key, value, 1);
        return new String(value, 1, value.length - 1, StandardCharsets.UTF_8);
    }

    /** A text value as a reader, for reading only its start (see {@link #text(byte[], byte[])}). */
    static java.io.Reader textReader(byte[] key, byte[] value) {
        check(key, value, 1);
        return new java.io.InputStreamReader(new java.io.ByteArrayInputStream(value, 1, value.length - 1),
                StandardCharsets.UTF_8);
    }

    static byte[] number(long n) {
        return ByteBuffer.allocate(1 + Long.BYTES).put(FORMAT).putLong(n).array();
    }

    static long number(byte[] key, byte[] value) {
        check(key, value, 1 + Long.BYTES);
        return ByteBuffer.wrap(value, 1, Long.BYTES).getLong();
    }

    static byte[] job(StoredJob job) {
        byte[] json = JobEntryJson.encode(job.entry()).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Long.BYTES + json.length).put(FORMAT).putLong(job.version()).put(json).array();
    }

    /** A stored job's version alone, without decoding its entry (a version check's only question). */
    static long jobVersion(byte[] key, byte[] value) {
        check(key, value, 1 + Long.BYTES);
        return ByteBuffer.wrap(value, 1, Long.BYTES).getLong();
    }

    static StoredJob job(byte[] key, byte[] value) {
        check(key, value, 1 + Long.BYTES);
        long version = ByteBuffer.wrap(value, 1, Long.BYTES).getLong();
        String json = new String(value, 1 + Long.BYTES, value.length - 1 - Long.BYTES, StandardCharsets.UTF_8);
        try {
            JobEntry entry = JobEntryJson.decode(json);
            return new StoredJob(entry, version);
        } catch (IllegalArgumentException e) {
            throw new StoreFormatException("The job entry under '" + Keys.describe(key) + "' is corrupt: "
                    + e.getMessage(), e);
        }
    }

    private static void check(byte[] key, byte[] value, int minLength) {
        if (value.length == 0 || value[0] != FORMAT) {
            String found = value.length == 0 ? "none" : Integer.toString(value[0] & 0xFF);
            throw new StoreFormatException("The value under '" + Keys.describe(key)
                    + "' has encoding version " + found + ", but this build of Factotum reads only version "
                    + FORMAT + ": it was written by a newer Factotum, or is corrupt");
        }
        if (value.length < minLength) {
            throw new StoreFormatException("The value under '" + Keys.describe(key) + "' is truncated");
        }
    }
}
