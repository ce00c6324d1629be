package io.factotum.store.consul;

import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleJson;
import io.factotum.schedule.ScheduleTick;
import io.factotum.store.ScheduleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Schedules beside the cluster's other keys ({@code <namespace>.cluster/}):
 *
 * <pre>
 * schedules/&lt;name&gt;                        schedule JSON
 * schedule-cursors/&lt;name&gt;                 fire time of the newest claimed tick (ISO-8601)
 * schedule-ticks/&lt;name&gt;/&lt;seconds&gt;&lt;nanos&gt;   tick JSON, in fire-time order
 * </pre>
 *
 * A tick is claimed with one transaction: check the schedule key's index (it still exists, unchanged),
 * check-and-set the cursor at the index it was read with (0: absent), write the tick. Of racing nodes
 * one transaction applies; the others get 409, re-read, and find the cursor at or past their tick.
 * Tick outcomes and takeovers are check-and-sets on the tick key's index.
 */
final class ConsulScheduleStore implements ScheduleStore {
    /** Keeps seconds positive, so keys sort as text in fire-time order. */
    private static final long SECONDS_OFFSET = 100_000_000_000L;

    private final ConsulKv kv;
    private final String base;

    ConsulScheduleStore(ConsulKv kv, ConsulKeys keys) {
        this.kv = kv;
        // The cluster prefix of ConsulKeys (kept here so the schedule layout stays in one file).
        this.base = keys.namespace() + ".cluster/";
    }

    private String schedule(String name) {
        return base + "schedules/" + ConsulKeys.escape(name, true);
    }

    private String cursor(String name) {
        return base + "schedule-cursors/" + ConsulKeys.escape(name, true);
    }

    private String ticksOf(String name) {
        return base + "schedule-ticks/" + ConsulKeys.escape(name, true) + "/";
    }

    private String tick(String name, Instant fireTime) {
        return ticksOf(name) + String.format("%012d%09d", fireTime.getEpochSecond() + SECONDS_OFFSET, fireTime.getNano());
    }

    @Override
    public boolean create(Schedule s) {
        return kv.transaction(new Txn().cas(schedule(s.name()), ScheduleJson.encode(s), 0)).isPresent();
    }

    @Override
    public Optional<Schedule> get(String name) {
        return kv.get(schedule(name)).map(e -> ScheduleJson.decodeSchedule(e.value()));
    }

    @Override
    public List<Schedule> list() {
        return kv.list(base + "schedules/").stream().map(e -> ScheduleJson.decodeSchedule(e.value()))
                .sorted(java.util.Comparator.comparing(Schedule::name)).toList();
    }

    @Override
    public boolean update(Schedule s) {
        while (true) {
            Optional<ConsulKv.Entry> current = kv.get(schedule(s.name()));
            if (current.isEmpty()) {
                return false;
            }
            long index = current.get().modifyIndex();
            if (kv.transaction(new Txn().cas(schedule(s.name()), ScheduleJson.encode(s), index)).isPresent()) {
                return true;
            }
        }
    }

    @Override
    public boolean delete(String name) {
        boolean existed = false;
        while (true) {
            Optional<ConsulKv.Entry> current = kv.get(schedule(name));
            if (current.isEmpty()) {
                break;
            }
            // The schedule key goes first: from then on no tick of it can be claimed.
            if (kv.transaction(new Txn().deleteCas(schedule(name), current.get().modifyIndex())).isPresent()) {
                existed = true;
                break;
            }
        }
        List<ConsulKv.Entry> leftovers = new ArrayList<>(kv.list(ticksOf(name)));
        kv.get(cursor(name)).ifPresent(leftovers::add);
        deleteAll(leftovers);
        return existed;
    }

    /** Deletes each entry at the index it was read with, in transactions of the largest allowed size. */
    private void deleteAll(List<ConsulKv.Entry> entries) {
        for (int from = 0; from < entries.size(); from += ConsulKv.MAX_TXN_OPS) {
            Txn txn = new Txn();
            for (ConsulKv.Entry e : entries.subList(from, Math.min(entries.size(), from + ConsulKv.MAX_TXN_OPS))) {
                txn.deleteCas(e.key(), e.modifyIndex());
            }
            kv.transaction(txn); // a record changed meanwhile stays; the next prune or delete gets it
        }
    }

    @Override
    public Optional<ScheduleTick> claimTick(String schedule, Instant fireTime, String nodeId, Instant claimedAt) {
        ScheduleTick tick = new ScheduleTick(schedule, fireTime, nodeId, claimedAt, Optional.empty());
        while (true) {
            Optional<ConsulKv.Entry> definition = kv.get(schedule(schedule));
            if (definition.isEmpty()) {
                return Optional.empty();
            }
            Optional<ConsulKv.Entry> cursor = kv.get(cursor(schedule));
            if (cursor.isPresent() && !fireTime.isAfter(Instant.parse(cursor.get().value().trim()))) {
                return Optional.empty();
            }
            Txn txn = new Txn().checkIndex(schedule(schedule), definition.get().modifyIndex())
                    .cas(cursor(schedule), fireTime.toString(), cursor.map(ConsulKv.Entry::modifyIndex).orElse(0L))
                    .set(tick(schedule, fireTime), ScheduleJson.encode(tick));
            if (kv.transaction(txn).isPresent()) {
                return Optional.of(tick);
            }
            // Lost a race for the cursor, or the schedule changed (paused, deleted): look again.
        }
    }

    @Override
    public Optional<Instant> lastClaimed(String schedule) {
        return kv.get(cursor(schedule)).map(e -> Instant.parse(e.value().trim()));
    }

    @Override
    public boolean updateTick(ScheduleTick current, ScheduleTick next) {
        if (!current.schedule().equals(next.schedule()) || !current.fireTime().equals(next.fireTime())) {
            throw new IllegalArgumentException("updateTick must keep the schedule and fire time");
        }
        String key = tick(current.schedule(), current.fireTime());
        Optional<ConsulKv.Entry> stored = kv.get(key);
        if (stored.isEmpty() || !ScheduleJson.decodeTick(stored.get().value()).equals(current)) {
            return false;
        }
        return kv.transaction(new Txn().cas(key, ScheduleJson.encode(next), stored.get().modifyIndex())).isPresent();
    }

    @Override
    public List<ScheduleTick> ticks(String schedule) {
        List<ScheduleTick> out = new ArrayList<>();
        for (ConsulKv.Entry e : kv.list(ticksOf(schedule))) {
            out.add(ScheduleJson.decodeTick(e.value()));
        }
        out.sort(java.util.Comparator.comparing(ScheduleTick::fireTime));
        Collections.reverse(out);
        return out;
    }

    @Override
    public void pruneTicks(String schedule, int keep) {
        List<ConsulKv.Entry> entries = kv.list(ticksOf(schedule));
        List<ScheduleTick> newestFirst = new ArrayList<>();
        for (ConsulKv.Entry e : entries) {
            newestFirst.add(ScheduleJson.decodeTick(e.value()));
        }
        newestFirst.sort(java.util.Comparator.comparing(ScheduleTick::fireTime).reversed());
        java.util.Set<String> prune = new java.util.HashSet<>();
        for (ScheduleTick t : ScheduleStore.prunable(newestFirst, keep)) {
            prune.add(tick(schedule, t.fireTime()));
        }
        deleteAll(entries.stream().filter(e -> prune.contains(e.key())).toList());
    }
}
