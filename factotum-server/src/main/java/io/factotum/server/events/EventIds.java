package io.factotum.server.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event ids as clients see them: {@code <boot>-<seq>}, where {@code boot} names this run of the server,
 * so that an id from before a restart (whose numbers start again) is recognised as such and not
 * mistaken for a position in the new journal.
 */
public final class EventIds {
    private static final Pattern FORM = Pattern.compile("([0-9a-z]{1,16})-([0-9]{1,18})");

    private final String boot;

    /** @param boot this server run's name: lower-case letters and digits, 1 to 16 of them */
    public EventIds(String boot) {
        if (!boot.matches("[0-9a-z]{1,16}")) {
            throw new IllegalArgumentException("Invalid boot name: " + boot);
        }
        this.boot = boot;
    }

    /** A boot name from the start time, in base 36. */
    public static EventIds startedAt(long epochMillis) {
        return new EventIds(Long.toString(epochMillis, 36));
    }

    public String format(long seq) {
        return boot + "-" + seq;
    }

    /**
     * The journal position a client's {@code Last-Event-ID} names, if it is one of this server run's
     * ids; anything else (absent, malformed, hostile, from an earlier run) is empty.
     */
    public Optional<Long> position(String lastEventId) {
        if (lastEventId == null || lastEventId.length() > 40) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(lastEventId.trim());
        if (!m.matches() || !m.group(1).equals(boot)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(m.group(2)));
    }
}
