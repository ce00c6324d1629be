package io.factotum.store.memory;

import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleTick;
import io.factotum.store.ScheduleStore;
import io.factotum.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The reference {@link ScheduleStore}: in memory, every call under one lock. Part of {@link InMemoryStorage}. */
final class InMemoryScheduleStore implements ScheduleStore {
    private final Object lock = new Object();
    private final TreeMap<String, Schedule> schedules = new TreeMap<>();
    private final Map<String, Instant> cursors = new HashMap<>();
    private final Map<String, TreeMap<Instant, ScheduleTick>> ticks = new HashMap<>();
    private boolean closed;

    void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new StoreException("The in-memory store is closed");
        }
    }

    @Override
    public boolean create(Schedule schedule) {
        synchronized (lock) {
            requireOpen();
            return schedules.putIfAbsent(schedule.name(), schedule) == null;
        }
    }

    @Override
    public Optional<Schedule> get(String name) {
        synchronized (lock) {
            requireOpen();
            return Optional.ofNullable(schedules.get(name));
        }
    }

    @Override
    public List<Schedule> list() {
        synchronized (lock) {
            requireOpen();
            return List.copyOf(schedules.values());
        }
    }

    @Override
    public boolean update(Schedule schedule) {
        synchronized (lock) {
            requireOpen();
            return schedules.replace(schedule.name(), schedule) != null;
        }
    }

    @Override
    public boolean delete(String name) {
        synchronized (lock) {
            requireOpen();
            cursors.remove(name);
            ticks.remove(name);
            return schedules.remove(name) != null;
        }
    }

    @Override
    public Optional<ScheduleTick> claimTick(String schedule, Instant fireTime, String nodeId, Instant claimedAt) {
        synchronized (lock) {
            requireOpen();
            Instant cursor = cursors.get(schedule);
            if (!schedules.containsKey(schedule) || (cursor != null && !fireTime.isAfter(cursor))) {
                return Optional.empty();
            }
            ScheduleTick tick = new ScheduleTick(schedule, fireTime, nodeId, claimedAt, Optional.empty());
            cursors.put(schedule, fireTime);
            ticks.computeIfAbsent(schedule, k -> new TreeMap<>()).put(fireTime, tick);
            return Optional.of(tick);
        }
    }

    @Override
    public Optional<Instant> lastClaimed(String schedule) {
        synchronized (lock) {
            requireOpen();
            return Optional.ofNullable(cursors.get(schedule));
        }
    }

    @Override
    public boolean updateTick(ScheduleTick current, ScheduleTick next) {
        requireSameTick(current, next);
        synchronized (lock) {
            requireOpen();
            TreeMap<Instant, ScheduleTick> of = ticks.get(current.schedule());
            if (of == null || !current.equals(of.get(current.fireTime()))) {
                return false;
            }
            of.put(next.fireTime(), next);
            return true;
        }
    }

    static void requireSameTick(ScheduleTick current, ScheduleTick next) {
        if (!current.schedule().equals(next.schedule()) || !current.fireTime().equals(next.fireTime())) {
            throw new IllegalArgumentException("updateTick must keep the schedule and fire time");
        }
    }

    @Override
    public List<ScheduleTick> ticks(String schedule) {
        synchronized (lock) {
            requireOpen();
            TreeMap<Instant, ScheduleTick> of = ticks.get(schedule);
            return of == null ? List.of() : new ArrayList<>(of.descendingMap().values());
        }
    }

    @Override
    public void pruneTicks(String schedule, int keep) {
        synchronized (lock) {
            requireOpen();
            TreeMap<Instant, ScheduleTick> of = ticks.get(schedule);
            if (of != null) {
                ScheduleStore.prunable(new ArrayList<>(of.descendingMap().values()), keep)
                        .forEach(t -> of.remove(t.fireTime()));
            }
        }
    }
}
