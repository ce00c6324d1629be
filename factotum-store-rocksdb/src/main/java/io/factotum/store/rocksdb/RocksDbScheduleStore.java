package io.factotum.store.rocksdb;

import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleJson;
import io.factotum.schedule.ScheduleTick;
import io.factotum.store.ScheduleStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Schedules in the RocksDB key space, under the store's one lock (so each call is atomic):
 *
 * <pre>
 * schedule:&lt;name&gt;                         schedule JSON
 * schedule-cursor:&lt;name&gt;                  fire time of the newest claimed tick (ISO-8601)
 * schedule-tick:&lt;name&gt;\0&lt;seconds8&gt;&lt;nanos4&gt;  tick JSON, in fire-time order
 * </pre>
 *
 * Names are {@code [A-Za-z0-9._-]} (checked by {@link Schedule}), so no NUL can end a prefix early.
 */
final class RocksDbScheduleStore implements ScheduleStore {
    private static final byte[] SCHEDULE = Keys.utf8("schedule:");
    private final Db db;

    RocksDbScheduleStore(Db db) {
        this.db = db;
    }

    private static byte[] schedule(String name) {
        return Keys.concat(SCHEDULE, Keys.utf8(name));
    }

    private static byte[] cursor(String name) {
        return Keys.utf8("schedule-cursor:" + name);
    }

    private static byte[] ticksOf(String name) {
        return Keys.concat(Keys.utf8("schedule-tick:" + name), new byte[] {0});
    }

    private static byte[] tick(String name, Instant fireTime) {
        byte[] time = ByteBuffer.allocate(12).putLong(fireTime.getEpochSecond() ^ Long.MIN_VALUE)
                .putInt(fireTime.getNano()).array();
        return Keys.concat(ticksOf(name), time);
    }

    @Override
    public boolean create(Schedule s) {
        return db.locked(() -> {
            byte[] key = schedule(s.name());
            if (db.get(key) != null) {
                return false;
            }
            db.write(batch -> batch.put(key, Values.text(ScheduleJson.encode(s))));
            return true;
        });
    }

    @Override
    public Optional<Schedule> get(String name) {
        return db.locked(() -> {
            byte[] key = schedule(name);
            byte[] value = db.get(key);
            return value == null ? Optional.empty() : Optional.of(ScheduleJson.decodeSchedule(Values.text(key, value)));
        });
    }

    @Override
    public List<Schedule> list() {
        return db.locked(() -> db.scan(SCHEDULE).stream()
                .map(e -> ScheduleJson.decodeSchedule(Values.text(e.key(), e.value()))).toList());
    }

    @Override
    public boolean update(Schedule s) {
        return db.locked(() -> {
            byte[] key = schedule(s.name());
            if (db.get(key) == null) {
                return false;
            }
            db.write(batch -> batch.put(key, Values.text(ScheduleJson.encode(s))));
            return true;
        });
    }

    @Override
    public boolean delete(String name) {
        return db.locked(() -> {
            byte[] key = schedule(name);
            boolean existed = db.get(key) != null;
            List<Db.Entry> ticks = db.scan(ticksOf(name));
            db.write(batch -> {
                batch.delete(key);
                batch.delete(cursor(name));
                for (Db.Entry tick : ticks) {
                    batch.delete(tick.key());
                }
            });
            return existed;
        });
    }

    @Override
    public Optional<ScheduleTick> claimTick(String schedule, Instant fireTime, String nodeId, Instant claimedAt) {
        return db.locked(() -> {
            byte[] cursorKey = cursor(schedule);
            byte[] cursor = db.get(cursorKey);
            if (db.get(schedule(schedule)) == null
                    || (cursor != null && !fireTime.isAfter(Instant.parse(Values.text(cursorKey, cursor))))) {
                return Optional.empty();
            }
            ScheduleTick tick = new ScheduleTick(schedule, fireTime, nodeId, claimedAt, Optional.empty());
            db.write(batch -> {
                batch.put(cursorKey, Values.text(fireTime.toString()));
                batch.put(tick(schedule, fireTime), Values.text(ScheduleJson.encode(tick)));
            });
            return Optional.of(tick);
        });
    }

    @Override
    public Optional<Instant> lastClaimed(String schedule) {
        return db.locked(() -> {
            byte[] key = cursor(schedule);
            byte[] value = db.get(key);
            return value == null ? Optional.empty() : Optional.of(Instant.parse(Values.text(key, value)));
        });
    }

    @Override
    public boolean updateTick(ScheduleTick current, ScheduleTick next) {
        if (!current.schedule().equals(next.schedule()) || !current.fireTime().equals(next.fireTime())) {
            throw new IllegalArgumentException("updateTick must keep the schedule and fire time");
        }
        return db.locked(() -> {
            byte[] key = tick(current.schedule(), current.fireTime());
            byte[] value = db.get(key);
            if (value == null || !ScheduleJson.decodeTick(Values.text(key, value)).equals(current)) {
                return false;
            }
            db.write(batch -> batch.put(key, Values.text(ScheduleJson.encode(next))));
            return true;
        });
    }

    @Override
    public List<ScheduleTick> ticks(String schedule) {
        return db.locked(() -> {
            List<ScheduleTick> out = new ArrayList<>();
            for (Db.Entry e : db.scan(ticksOf(schedule))) {
                out.add(ScheduleJson.decodeTick(Values.text(e.key(), e.value())));
            }
            Collections.reverse(out);
            return out;
        });
    }

    @Override
    public void pruneTicks(String schedule, int keep) {
        db.locked(() -> {
            List<ScheduleTick> newestFirst = new ArrayList<>();
            for (Db.Entry e : db.scan(ticksOf(schedule))) {
                newestFirst.add(0, ScheduleJson.decodeTick(Values.text(e.key(), e.value())));
            }
            List<ScheduleTick> prune = ScheduleStore.prunable(newestFirst, keep);
            if (!prune.isEmpty()) {
                db.write(batch -> {
                    for (ScheduleTick t : prune) {
                        batch.delete(tick(schedule, t.fireTime()));
                    }
                });
            }
            return null;
        });
    }
}
