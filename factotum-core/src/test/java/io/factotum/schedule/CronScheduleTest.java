package io.factotum.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Must-show 3 of issue 11: a daily 02:30 schedule across the daylight-saving changes of Berlin
 * (02:00&rarr;03:00 in March, 03:00&rarr;02:00 in October) and Adelaide (UTC+09:30, 02:00&rarr;03:00
 * in October, 03:00&rarr;02:00 in April). The documented rule: a skipped 02:30 fires at 03:30 (shifted
 * by the gap), a repeated 02:30 fires once, at its first occurrence; one fire per day either way.
 */
class CronScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId ADELAIDE = ZoneId.of("Australia/Adelaide");

    private static List<Instant> daily0230(ZoneId zone, String fromUtc) {
        return CronSchedule.parse("30 2 * * *", zone).nextAfter(Instant.parse(fromUtc), 3);
    }

    @Test
    void berlinSpringForwardFiresTheSkipped0230At0330() {
        assertThat(daily0230(BERLIN, "2026-03-27T12:00:00Z")).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
                Instant.parse("2026-03-29T01:30:00Z"), // 02:30 does not exist: 03:30 CEST
                Instant.parse("2026-03-30T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void berlinFallBackFiresTheRepeated0230OnceAtItsFirstOccurrence() {
        assertThat(daily0230(BERLIN, "2026-10-24T12:00:00Z")).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST; 02:30 CET (01:30Z) does not fire
                Instant.parse("2026-10-26T01:30:00Z"), // 02:30 CET
                Instant.parse("2026-10-27T01:30:00Z"));
    }

    @Test
    void adelaideSpringForwardFiresTheSkipped0230At0330() {
        assertThat(daily0230(ADELAIDE, "2026-10-02T12:00:00Z")).containsExactly(
                Instant.parse("2026-10-02T17:00:00Z"), // Oct 3, 02:30 ACST (+09:30)
                Instant.parse("2026-10-03T17:00:00Z"), // Oct 4, 02:30 does not exist: 03:30 ACDT (+10:30)
                Instant.parse("2026-10-04T16:00:00Z")); // Oct 5, 02:30 ACDT
    }

    @Test
    void adelaideFallBackFiresTheRepeated0230OnceAtItsFirstOccurrence() {
        assertThat(daily0230(ADELAIDE, "2026-04-03T12:00:00Z")).containsExactly(
                Instant.parse("2026-04-03T16:00:00Z"), // Apr 4, 02:30 ACDT
                Instant.parse("2026-04-04T16:00:00Z"), // Apr 5, first 02:30 (ACDT); the ACST one (17:00Z) does not fire
                Instant.parse("2026-04-05T17:00:00Z")); // Apr 6, 02:30 ACST
    }

    @Test
    void aMinuteScheduleThroughTheGapFiresStrictlyIncreasingInstantsOnce() {
        List<Instant> fires = CronSchedule.parse("* * * * *", BERLIN).nextAfter(Instant.parse("2026-03-29T00:58:00Z"), 3);

        // 01:59 CET, then 02:00 (skipped, shifted to 03:00 CEST) and 03:00 are one instant, then 03:01.
        assertThat(fires).containsExactly(Instant.parse("2026-03-29T00:59:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-03-29T01:01:00Z"));
    }

    @Test
    void quartzExpressionsWithSecondsAndYearAreAccepted() {
        assertThat(CronSchedule.parse("15 * * * * ?", ZoneOffset.UTC).nextAfter(Instant.parse("2026-01-01T00:00:00Z")))
                .contains(Instant.parse("2026-01-01T00:00:15Z"));
        assertThat(CronSchedule.parse("0 0 12 ? * MON 2027", ZoneOffset.UTC).nextAfter(Instant.parse("2026-01-01T00:00:00Z")))
                .contains(Instant.parse("2027-01-04T12:00:00Z"));
    }

    @Test
    void fireTimesAreWholeSecondsWhateverTheStart() {
        assertThat(CronSchedule.parse("* * * * * ?", ZoneOffset.UTC).nextAfter(Instant.parse("2026-01-01T00:00:00.796656757Z"), 2))
                .containsExactly(Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:02Z"));
    }

    @Test
    void badExpressionsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> CronSchedule.parse("* * * *", ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("must have 5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("not a valid Unix cron expression");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 0 * * * 2001", ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class);
    }
}
