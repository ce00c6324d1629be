package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.schedule.MisfirePolicy;
import io.factotum.schedule.OverlapPolicy;
import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleTick;
import io.factotum.schedule.TickOutcome;
import io.factotum.scheduler.ScheduleClusterScenario;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link ScheduleStore}, run against every backend that keeps schedules. */
public abstract class ScheduleStoreContract extends StorageContractSupport {
    private static final Instant FIRE = T0.plus(Duration.ofMinutes(1));

    protected ScheduleStoreContract(boolean durableAcrossReopen) {
        super(durableAcrossReopen);
    }

    /** Another client of the same data, as a second node would have; the same one where the backend allows one client. */
    protected Storage anotherNode() throws Exception {
        return storage;
    }

    /** How far the cluster day's clock moves between passes (smaller: more passes, more races). */
    protected Duration clusterStep() {
        return Duration.ofSeconds(20);
    }

    protected ScheduleStore schedules() {
        return storage.schedules().orElseThrow();
    }

    protected static Schedule schedule(String name) {
        return new Schedule(name, "* * * * *", ZoneId.of("Europe/Berlin"), "job " + name, "/f/" + name + ".factfile",
                List.of("--env", "{\"x\":\"ünï ✓\"}"), OverlapPolicy.QUEUE, new MisfirePolicy(3), false, T0);
    }

    @Test
    void aCreatedScheduleReadsBackWithEveryField() {
        Schedule s = schedule("nightly.etl-1");

        assertThat(schedules().create(s)).isTrue();

        assertThat(schedules().get("nightly.etl-1")).contains(s);
        assertThat(schedules().get("other")).isEmpty();
    }

    @Test
    void aNameIsTakenOnce() {
        assertThat(schedules().create(schedule("a"))).isTrue();
        assertThat(schedules().create(schedule("a").withPaused(true, T0))).isFalse();
        assertThat(schedules().get("a")).contains(schedule("a"));
    }

    @Test
    void listIsByName() {
        schedules().create(schedule("b"));
        schedules().create(schedule("a"));
        schedules().create(schedule("c"));

        assertThat(schedules().list()).extracting(Schedule::name).containsExactly("a", "b", "c");
    }

    @Test
    void updateReplacesAnExistingScheduleOnly() {
        schedules().create(schedule("a"));
        Schedule paused = schedule("a").withPaused(true, T0);

        assertThat(schedules().update(paused)).isTrue();
        assertThat(schedules().update(schedule("ghost"))).isFalse();

        assertThat(schedules().get("a")).contains(paused);
        assertThat(schedules().get("ghost")).isEmpty();
    }

    @Test
    void oneNodeClaimsATickAndNoTickAtOrBeforeTheCursor() {
        schedules().create(schedule("a"));

        Optional<ScheduleTick> first = schedules().claimTick("a", FIRE, "n1", T0);
        assertThat(first).contains(new ScheduleTick("a", FIRE, "n1", T0, Optional.empty()));
        assertThat(schedules().claimTick("a", FIRE, "n2", T0)).isEmpty();
        assertThat(schedules().claimTick("a", FIRE.minusSeconds(60), "n2", T0)).isEmpty();
        assertThat(schedules().lastClaimed("a")).contains(FIRE);
        assertThat(schedules().claimTick("a", FIRE.plusSeconds(60), "n2", T0)).isPresent();
        assertThat(schedules().claimTick("ghost", FIRE, "n1", T0)).isEmpty();
    }

    @Test
    void racingNodesClaimATickExactlyOnce() throws Exception {
        schedules().create(schedule("a"));
        Storage other = anotherNode();

        List<Boolean> won = race(8, () -> (Thread.currentThread().getId() % 2 == 0 ? storage : other)
                .schedules().orElseThrow().claimTick("a", FIRE, Thread.currentThread().getName(), T0).isPresent());

        assertThat(won).containsOnlyOnce(true);
    }

    @Test
    void aTickOutcomeIsACheckAndSet() {
        schedules().create(schedule("a"));
        ScheduleTick claimed = schedules().claimTick("a", FIRE, "n1", T0).orElseThrow();
        ScheduleTick takenOver = claimed.reclaimedBy("n2", T0.plusSeconds(300));
        ScheduleTick done = claimed.withOutcome(new TickOutcome(TickOutcome.Kind.SUBMITTED, Optional.of("j1"), "submitted ✓",
                T0.plusSeconds(1)));

        assertThat(schedules().updateTick(claimed, takenOver)).isTrue();
        assertThat(schedules().updateTick(claimed, done)).as("the first node's record after the takeover").isFalse();

        assertThat(schedules().ticks("a")).containsExactly(takenOver);
    }

    @Test
    void ticksAreNewestFirstAndPruningKeepsOpenAndWaitingTicksAndTheCursor() {
        schedules().create(schedule("a"));
        for (int i = 1; i <= 6; i++) {
            ScheduleTick t = schedules().claimTick("a", T0.plusSeconds(60L * i), "n", T0).orElseThrow();
            if (i == 1) {
                continue; // left open
            }
            TickOutcome.Kind kind = i == 2 ? TickOutcome.Kind.WAITING : TickOutcome.Kind.SKIPPED;
            assertThat(schedules().updateTick(t, t.withOutcome(new TickOutcome(kind, Optional.empty(), "d", T0)))).isTrue();
        }

        schedules().pruneTicks("a", 2);

        assertThat(schedules().ticks("a")).extracting(t -> t.fireTime().getEpochSecond() - T0.getEpochSecond())
                .containsExactly(360L, 300L, 120L, 60L);
        assertThat(schedules().claimTick("a", T0.plusSeconds(180), "late", T0)).as("a pruned tick stays claimed").isEmpty();
    }

    @Test
    void deleteRemovesTheScheduleItsTicksAndItsCursor() {
        schedules().create(schedule("a"));
        schedules().claimTick("a", FIRE, "n", T0).orElseThrow();

        assertThat(schedules().delete("a")).isTrue();
        assertThat(schedules().delete("a")).isFalse();

        assertThat(schedules().get("a")).isEmpty();
        assertThat(schedules().ticks("a")).isEmpty();
        assertThat(schedules().lastClaimed("a")).isEmpty();
        assertThat(schedules().claimTick("a", FIRE.plusSeconds(60), "n", T0)).as("no ticks for a deleted schedule").isEmpty();
        schedules().create(schedule("a"));
        assertThat(schedules().claimTick("a", FIRE, "n", T0)).as("a new schedule of the same name starts afresh").isPresent();
    }

    @Test
    void schedulesAndTicksSurviveAReopen() throws Exception {
        schedules().create(schedule("a"));
        ScheduleTick claimed = schedules().claimTick("a", FIRE, "n", T0).orElseThrow();

        reopen();

        assertThat(schedules().get("a")).contains(schedule("a"));
        assertThat(schedules().ticks("a")).containsExactly(claimed);
        assertThat(schedules().claimTick("a", FIRE, "n2", T0)).isEmpty();
    }

    @Test
    void aOneMinuteScheduleFiresEachTickOfADayExactlyOnceOnThreeNodesWithOneKilled() throws Exception {
        List<ScheduleStore> nodes = List.of(schedules(), anotherNode().schedules().orElseThrow(),
                anotherNode().schedules().orElseThrow());

        ScheduleClusterScenario.Result result = ScheduleClusterScenario.run(nodes, clock, clusterStep());

        assertThat(result.ticks()).isEqualTo(1440);
    }
}
