package io.factotum.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job request fired on a cron expression.
 *
 * @param name unique, {@code [A-Za-z0-9._-]}, 1 to 100 characters (it becomes a store key and a URL segment)
 * @param cron 5-field Unix or 6/7-field Quartz expression (see {@link CronSchedule})
 * @param timeZone the zone the expression's wall-clock times are read in
 * @param jobName the submitted jobs' name
 * @param factfilePath the factfile, as in {@code /submit}
 * @param factfileArgs as in {@code /submit}; each fire adds two tags (see {@code ScheduleFirer})
 * @param overlap what a tick does while the previous fire's job is not DONE
 * @param misfire what happens to ticks found late
 * @param paused a paused schedule's ticks pass without a record; on resume only ticks after the
 *     resume time fire
 * @param createdAt ticks after this instant fire (also the resume time of a resumed schedule)
 */
public record Schedule(String name, String cron, ZoneId timeZone, String jobName, String factfilePath,
        List<String> factfileArgs, OverlapPolicy overlap, MisfirePolicy misfire, boolean paused, Instant createdAt) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** @throws InvalidScheduleException on any field that cannot be accepted */
    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(factfilePath, "factfilePath");
        factfileArgs = List.copyOf(factfileArgs);
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(misfire, "misfire");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new InvalidScheduleException("field 'name' must be 1 to 100 characters of A-Z a-z 0-9 . _ -"
                    + " (and not '.' or '..')");
        }
        if (jobName.isEmpty()) {
            throw new InvalidScheduleException("field 'jobName' cannot be empty");
        }
        if (factfilePath.isEmpty()) {
            throw new InvalidScheduleException("field 'factfilePath' cannot be empty");
        }
        CronSchedule.parse(cron, timeZone);
    }

    /** The parsed expression in this schedule's zone. */
    public CronSchedule cronSchedule() {
        return CronSchedule.parse(cron, timeZone);
    }

    public Schedule withPaused(boolean value, Instant at) {
        // Resuming moves the start forward: ticks missed while paused are not misfires.
        return new Schedule(name, cron, timeZone, jobName, factfilePath, factfileArgs, overlap, misfire, value,
                value ? createdAt : at);
    }

    /**
     * Reads a zone id ({@code Europe/Berlin}, {@code UTC}, {@code +05:30}).
     *
     * @throws InvalidScheduleException if it is not one
     */
    public static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("field 'timeZone' is not a time zone id: '" + text + "'");
        }
    }
}
