package io.factotum.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The server's own state (server spec 4): {@code run} or {@code drain}, in memory only, and when
 * it started. Thread-safe.
 */
public final class ServerState {
    /** The two states {@code /settings} accepts, spelled as on the wire. */
    public enum Mode {
        RUN("run"),
        DRAIN("drain");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Instant startedAt;
    private volatile Mode mode = Mode.RUN;
    private volatile boolean shuttingDown;
    private volatile boolean closing;

    public ServerState(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode newMode) {
        this.mode = newMode;
    }

    /** Set on SIGTERM: submissions are refused from then on, whatever the mode; reads go on. */
    public void markShuttingDown() {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Set once the drain is over: from then on every new request gets 503. */
    public void markClosing() {
        closing = true;
    }

    public boolean isClosing() {
        return closing;
    }

    /** chrono's {@code %F %T %Z} in UTC. */
    public String startTime() {
        return START_TIME.format(startedAt);
    }

    /** {@code {d} Days, {h} Hours, {m} Minutes, {s} Seconds}, no pluralisation rules. */
    public String upTime() {
        return upTime(Duration.between(startedAt, clock.instant()));
    }

    static String upTime(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        return (seconds / 86_400) + " Days, " + (seconds / 3600 % 24) + " Hours, " + (seconds / 60 % 60)
                + " Minutes, " + (seconds % 60) + " Seconds";
    }
}
