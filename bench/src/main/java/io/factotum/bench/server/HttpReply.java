package io.factotum.bench.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A response: status and body.
 *
 * @param status the HTTP status code
 * @param body the body as text
 */
record HttpReply(int status, String body) {
    private static final Pattern JOB_ID = Pattern.compile("jobId:\\[([0-9a-f]{64})]");

    /** The job id of a {@code /submit} acceptance ({@code SUBMITTING JOB REQ jobId:[<id>]}). */
    String submittedJobId() {
        Matcher m = JOB_ID.matcher(body);
        if (status != 200 || !m.find()) {
            throw new IllegalStateException("submit refused: HTTP " + status + " " + body);
        }
        return m.group(1);
    }
}
