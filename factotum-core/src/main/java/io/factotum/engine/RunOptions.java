package io.factotum.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * How to run a planned job.
 *
 * @param mode level-by-level (Factotum) or eager
 * @param gracePeriod how long terminated tasks get between SIGTERM and SIGKILL on shutdown
 * @param heartbeatInterval when set, live output is tracked and a heartbeat event is emitted this often
 *     while any task runs
 */
public record RunOptions(ScheduleMode mode, Duration gracePeriod, Optional<Duration> heartbeatInterval) {
    /** Factotum's defaults: level order, 5 s grace, no heartbeats. */
    public static RunOptions defaults() {
        return new RunOptions(ScheduleMode.LEVELS, Duration.ofSeconds(5), Optional.empty());
    }

    public RunOptions withMode(ScheduleMode newMode) {
        return new RunOptions(newMode, gracePeriod, heartbeatInterval);
    }

    public RunOptions withGracePeriod(Duration grace) {
        return new RunOptions(mode, grace, heartbeatInterval);
    }

    public RunOptions withHeartbeatInterval(Duration interval) {
        return new RunOptions(mode, gracePeriod, Optional.of(interval));
    }
}
