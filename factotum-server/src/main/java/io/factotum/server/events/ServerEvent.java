package io.factotum.server.events;

import java.util.Objects;

/**
 * One event as streamed to clients.
 *
 * @param seq its number in the journal ({@code 0} for an event replayed from the store, which has none)
 * @param type {@code job}, {@code task} or {@code output}
 * @param jobId the job it is about
 * @param key what the event states, for recognising the same fact seen twice (once replayed from the
 *     store, once live): the same key means the same fact; output lines have unique keys
 * @param data the event's JSON object, compact
 */
public record ServerEvent(long seq, String type, String jobId, String key, String data) {
    public static final String JOB = "job";
    public static final String TASK = "task";
    public static final String OUTPUT = "output";

    public ServerEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
    }

    ServerEvent withSeq(long n) {
        return new ServerEvent(n, type, jobId, key, data);
    }

    /**
     * About the bytes of its {@code text/event-stream} frame: what the per-client bounds count (the
     * data, the type, and room for the field names and the id).
     */
    public long frameBytes() {
        return data.length() + type.length() + 32L;
    }

    /** Whether it is a job event that says the job is DONE (a per-job stream ends after it). */
    public boolean isJobDone() {
        return type.equals(JOB) && key.startsWith(EventFacts.FINISHED_PREFIX);
    }
}
