package io.factotum.schedule;

import java.util.Locale;

/** What a tick does while the job of the schedule's previous fire is not DONE yet. */
public enum OverlapPolicy {
    /** The tick is recorded as skipped, naming the job still running. */
    SKIP,
    /** The tick waits and is submitted once the previous job is DONE, in tick order. */
    QUEUE,
    /** The tick is submitted at once; each fire has its own job id, so the duplicate rule lets it in. */
    ALLOW;

    /** The API's name: {@code skip}, {@code queue}, {@code allow}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads an API name. */
    public static OverlapPolicy parse(String text) {
        for (OverlapPolicy policy : values()) {
            if (policy.apiName().equals(text)) {
                return policy;
            }
        }
        throw new InvalidScheduleException("field 'overlap' must be one of skip, queue, allow, not '" + text + "'");
    }
}
