package io.factotum.schedule;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.store.StoreFormatException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored JSON of schedules and ticks, shared by the durable backends. Explicit mapping, like
 * {@link io.factotum.store.StoreJson}: instants as ISO-8601 strings, absent optionals omitted.
 */
public final class ScheduleJson {
    private ScheduleJson() {
    }

    public static String encode(Schedule s) {
        return toJson(s).toString();
    }

    /** The schedule's fields as the API and the stores show them. */
    public static JsonObject toJson(Schedule s) {
        JsonObject o = new JsonObject();
        o.addProperty("name", s.name());
        o.addProperty("cron", s.cron());
        o.addProperty("timeZone", s.timeZone().getId());
        o.addProperty("jobName", s.jobName());
        o.addProperty("factfilePath", s.factfilePath());
        JsonArray args = new JsonArray();
        s.factfileArgs().forEach(args::add);
        o.add("factfileArgs", args);
        o.addProperty("overlap", s.overlap().apiName());
        o.addProperty("misfire", s.misfire().apiName());
        o.addProperty("paused", s.paused());
        o.addProperty("createdAt", s.createdAt().toString());
        return o;
    }

    public static Schedule decodeSchedule(String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            List<String> args = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("factfileArgs")) {
                args.add(e.getAsString());
            }
            return new Schedule(o.get("name").getAsString(), o.get("cron").getAsString(),
                    Schedule.zone(o.get("timeZone").getAsString()), o.get("jobName").getAsString(),
                    o.get("factfilePath").getAsString(), args, OverlapPolicy.parse(o.get("overlap").getAsString()),
                    MisfirePolicy.parse(o.get("misfire").getAsString()), o.get("paused").getAsBoolean(),
                    Instant.parse(o.get("createdAt").getAsString()));
        } catch (RuntimeException e) {
            throw new StoreFormatException("Unreadable stored schedule: " + e.getMessage(), e);
        }
    }

    public static String encode(ScheduleTick t) {
        JsonObject o = new JsonObject();
        o.addProperty("schedule", t.schedule());
        o.addProperty("fireTime", t.fireTime().toString());
        o.addProperty("nodeId", t.nodeId());
        o.addProperty("claimedAt", t.claimedAt().toString());
        t.outcome().ifPresent(outcome -> {
            JsonObject out = new JsonObject();
            out.addProperty("kind", outcome.kind().name());
            outcome.jobId().ifPresent(id -> out.addProperty("jobId", id));
            out.addProperty("detail", outcome.detail());
            out.addProperty("at", outcome.at().toString());
            o.add("outcome", out);
        });
        return o.toString();
    }

    public static ScheduleTick decodeTick(String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            Optional<TickOutcome> outcome = Optional.empty();
            if (o.has("outcome")) {
                JsonObject out = o.getAsJsonObject("outcome");
                outcome = Optional.of(new TickOutcome(TickOutcome.Kind.valueOf(out.get("kind").getAsString()),
                        out.has("jobId") ? Optional.of(out.get("jobId").getAsString()) : Optional.empty(),
                        out.get("detail").getAsString(), Instant.parse(out.get("at").getAsString())));
            }
            return new ScheduleTick(o.get("schedule").getAsString(), Instant.parse(o.get("fireTime").getAsString()),
                    o.get("nodeId").getAsString(), Instant.parse(o.get("claimedAt").getAsString()), outcome);
        } catch (RuntimeException e) {
            throw new StoreFormatException("Unreadable stored schedule tick: " + e.getMessage(), e);
        }
    }
}
