package io.factotum.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression read in a time zone: 5 fields (Unix: minute hour day-of-month month
 * day-of-week) or 6/7 fields (Quartz: seconds first, optional year; one of the day fields is
 * {@code ?}). Parsing and matching are cron-utils'; this class only maps the wall-clock times it
 * matches to instants, with one rule for daylight-saving changes:
 *
 * <ul>
 *   <li>a wall-clock time skipped by a spring-forward gap fires at the same wall-clock time shifted
 *       by the gap's length (02:30 in a 02:00&rarr;03:00 gap fires at 03:30), once;</li>
 *   <li>a wall-clock time that occurs twice (fall-back) fires once, at its first occurrence;</li>
 *   <li>fire instants are strictly increasing, so two wall-clock times that land on one instant fire
 *       once.</li>
 * </ul>
 *
 * cron-utils is asked about wall-clock times only (in UTC, which has no transitions), so its own
 * daylight-saving handling never comes into play.
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    /** Bounds the search past instants that fold onto earlier ones (a few per transition at most). */
    private static final int MAX_STEPS = 10_000;

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime executionTime) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = executionTime;
    }

    /**
     * Parses {@code expression} for {@code zone}.
     *
     * @throws InvalidScheduleException if the expression is not valid cron or never fires
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        String trimmed = expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        CronParser parser;
        if (fields == 5) {
            parser = UNIX;
        } else if (fields == 6 || fields == 7) {
            parser = QUARTZ;
        } else {
            throw new InvalidScheduleException("field 'cron' must have 5 fields (Unix) or 6-7 fields (Quartz, seconds first),"
                    + " not " + fields + ": '" + expression + "'");
        }
        Cron cron;
        try {
            cron = parser.parse(trimmed).validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("field 'cron' is not a valid " + (fields == 5 ? "Unix" : "Quartz")
                    + " cron expression '" + expression + "': " + e.getMessage());
        }
        CronSchedule schedule = new CronSchedule(trimmed, zone, ExecutionTime.forCron(cron));
        if (schedule.nextAfter(Instant.parse("2000-01-01T00:00:00Z")).isEmpty()) {
            throw new InvalidScheduleException("field 'cron' never fires: '" + expression + "'");
        }
        return schedule;
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire instant strictly after {@code after}, if the expression fires again. */
    public Optional<Instant> nextAfter(Instant after) {
        // Whole seconds: cron-utils keeps a start's fraction of a second in what it returns.
        LocalDateTime from = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.SECONDS);
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(from.atZone(ZoneOffset.UTC));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            LocalDateTime wall = next.get().toLocalDateTime();
            // ofLocal: in a gap, later by the gap's length; in an overlap, the earlier offset.
            Instant at = ZonedDateTime.ofLocal(wall, zone, null).toInstant();
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            from = wall;
        }
        return Optional.empty();
    }

    /** Up to {@code count} fire instants strictly after {@code after}, in order. */
    public List<Instant> nextAfter(Instant after, int count) {
        List<Instant> out = new ArrayList<>(count);
        Instant at = after;
        while (out.size() < count) {
            Optional<Instant> next = nextAfter(at);
            if (next.isEmpty()) {
                break;
            }
            at = next.get();
            out.add(at);
        }
        return out;
    }
}
