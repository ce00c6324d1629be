package io.factotum.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ScheduleFirer}.
 *
 * @param pollInterval how often the firer looks for due ticks (fires happen up to this late)
 * @param misfireGrace a tick found more than this after its fire time is late, and the misfire policy applies
 * @param claimTimeout a tick claimed this long ago without an outcome was left by a node that died
 *     mid-fire; another node takes it over. Longer than any submit takes, plus the clock difference
 *     between nodes
 * @param keepTicks how many tick records each schedule keeps (the oldest finished ones are pruned)
 */
public record ScheduleFirerConfig(Duration pollInterval, Duration misfireGrace, Duration claimTimeout, int keepTicks) {
    public static final ScheduleFirerConfig DEFAULTS =
            new ScheduleFirerConfig(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(2), 100);

    public ScheduleFirerConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(misfireGrace, "misfireGrace");
        Objects.requireNonNull(claimTimeout, "claimTimeout");
        if (pollInterval.isNegative() || pollInterval.isZero() || misfireGrace.isNegative()
                || claimTimeout.isNegative() || claimTimeout.isZero() || keepTicks < 1) {
            throw new IllegalArgumentException("Invalid schedule firer settings: " + pollInterval + ", " + misfireGrace
                    + ", " + claimTimeout + ", " + keepTicks);
        }
    }
}
