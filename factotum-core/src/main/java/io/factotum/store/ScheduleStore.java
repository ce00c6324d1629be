package io.factotum.store;

import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleTick;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Schedules and the record of their ticks, shared by every node on the store.
 *
 * <p>Exactly-once firing rests on {@link #claimTick}: a check-and-set on the tick itself. Each
 * schedule has a cursor, the fire time of its newest claimed tick; a claim succeeds only for a fire
 * time strictly after the cursor, and moves the cursor in the same atomic step that writes the tick.
 * So of several nodes racing for one tick exactly one wins, and a node whose clock or view is behind
 * can never claim a tick that is already past, even after old tick records were pruned.
 */
public interface ScheduleStore {
    /** Stores a new schedule; false (nothing changed) if one of that name exists. */
    boolean create(Schedule schedule);

    Optional<Schedule> get(String name);

    /** Every schedule, by name. */
    List<Schedule> list();

    /**
     * Replaces the schedule of the same name (pause, resume).
     *
     * @return false if there is no such schedule; nothing is created then
     */
    boolean update(Schedule schedule);

    /** Removes the schedule, its cursor and its ticks; false if it did not exist. */
    boolean delete(String name);

    /**
     * Claims the tick at {@code fireTime} for {@code nodeId}, atomically: succeeds only while the
     * schedule exists and {@code fireTime} is after its cursor; then writes the open tick and moves
     * the cursor to {@code fireTime}.
     *
     * @return the claimed tick, or empty if another node has claimed this tick or a later one
     */
    Optional<ScheduleTick> claimTick(String schedule, Instant fireTime, String nodeId, Instant claimedAt);

    /** The cursor: the fire time of the newest tick ever claimed, if any. */
    Optional<Instant> lastClaimed(String schedule);

    /**
     * Replaces the stored tick {@code current} by {@code next} (same schedule and fire time) if the
     * stored record still equals {@code current}: records an outcome, or takes over a dead node's claim.
     *
     * @return false (nothing changed) if the record changed or is gone
     */
    boolean updateTick(ScheduleTick current, ScheduleTick next);

    /** The schedule's retained ticks, newest first. */
    List<ScheduleTick> ticks(String schedule);

    /**
     * Deletes the oldest ticks that have a final outcome (submitted, skipped, failed) beyond the
     * newest {@code keep}; open and waiting ticks stay. The cursor is kept.
     */
    void pruneTicks(String schedule, int keep);

    /** Which ticks {@link #pruneTicks} may delete, oldest first: for implementations. */
    static List<ScheduleTick> prunable(List<ScheduleTick> newestFirst, int keep) {
        List<ScheduleTick> out = new java.util.ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= keep; i--) {
            ScheduleTick tick = newestFirst.get(i);
            if (!tick.isOpen() && !tick.isWaiting()) {
                out.add(tick);
            }
        }
        return out;
    }
}
