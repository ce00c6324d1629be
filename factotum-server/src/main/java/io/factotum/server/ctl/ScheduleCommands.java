package io.factotum.server.ctl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.factotum.server.ctl.FactotumCtl.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * factotumctl's {@code schedules} and {@code schedule show|create|delete|pause|resume}: the server's
 * {@code /schedules} API as tables, or its JSON with {@code --json}. Exit codes as {@link FactotumCtl}'s.
 */
final class ScheduleCommands {
    /** Seconds always, so that the columns line up ("Z" for UTC). */
    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final ServerClient client;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;

    ScheduleCommands(ServerClient client, PrintStream out, PrintStream err, boolean json) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** {@code schedules}: one row per schedule. */
    int list(List<String> rest) throws UsageException, ServerClient.Unreachable {
        if (!rest.isEmpty()) {
            throw new UsageException("schedules takes no arguments");
        }
        ServerClient.Answer a = client.get("schedules");
        OptionalInt shown = refusedOrJson(a);
        if (shown.isPresent()) {
            return shown.getAsInt();
        }
        FactotumCtl.Table t = new FactotumCtl.Table("NAME", "CRON", "ZONE", "PAUSED", "NEXT FIRE");
        for (JsonElement e : a.body().getAsJsonObject().getAsJsonArray("schedules")) {
            JsonObject s = e.getAsJsonObject();
            JsonArray next = s.getAsJsonArray("nextFireTimes");
            String zone = s.get("timeZone").getAsString();
            t.row(s.get("name").getAsString(), s.get("cron").getAsString(), zone,
                    s.get("paused").getAsBoolean() ? "yes" : "no",
                    next.isEmpty() ? "-" : inZone(next.get(0).getAsString(), zone));
        }
        t.print(out);
        return FactotumCtl.OK;
    }

    /** {@code schedule <verb> ...}. */
    int run(List<String> rest) throws UsageException, ServerClient.Unreachable {
        if (rest.isEmpty()) {
            throw new UsageException("schedule needs one of: show, create, delete, pause, resume");
        }
        String verb = rest.remove(0);
        return switch (verb) {
            case "show" -> show(FactotumCtl.one(rest, "schedule name"));
            case "create" -> create(rest);
            case "delete" -> done(client.delete(path(FactotumCtl.one(rest, "schedule name"))));
            case "pause", "resume" -> {
                String name = FactotumCtl.one(rest, "schedule name");
                ServerClient.Answer a = client.post(path(name) + "/" + verb, "");
                if (a.ok() && !json) {
                    out.println("Schedule '" + name + "' " + (verb.equals("pause") ? "paused" : "resumed"));
                    yield FactotumCtl.OK;
                }
                yield done(a);
            }
            default -> throw new UsageException("unknown schedule command '" + verb + "'");
        };
    }

    /**
     * The schedule's URL path. Every character outside the server's name alphabet is escaped, and
     * so are dots: "." or ".." must reach the server as a name, not move up the URL.
     */
    private static String path(String name) {
        return "schedules/" + FactotumCtl.enc(name).replace(".", "%2E");
    }

    /**
     * The exit code when the answer is already told: a refusal (on stderr), or the server's JSON with
     * {@code --json}; empty when the caller prints its human view.
     */
    private OptionalInt refusedOrJson(ServerClient.Answer a) {
        if (!a.ok()) {
            return OptionalInt.of(FactotumCtl.refused(a, out, err, json));
        }
        if (json) {
            out.println(a.body());
            return OptionalInt.of(FactotumCtl.OK);
        }
        return OptionalInt.empty();
    }

    private int done(ServerClient.Answer a) {
        if (!a.ok()) {
            return FactotumCtl.refused(a, out, err, json);
        }
        out.println(json ? a.body().toString() : a.message());
        return FactotumCtl.OK;
    }

    private int show(String name) throws ServerClient.Unreachable {
        ServerClient.Answer a = client.get(path(name));
        OptionalInt shown = refusedOrJson(a);
        if (shown.isPresent()) {
            return shown.getAsInt();
        }
        JsonObject s = a.body().getAsJsonObject();
        String zone = s.get("timeZone").getAsString();
        StringBuilder args = new StringBuilder();
        s.getAsJsonArray("factfileArgs").forEach(x -> args.append(' ').append(x.getAsString()));
        out.println("Schedule: " + s.get("name").getAsString() + (s.get("paused").getAsBoolean() ? " (paused)" : ""));
        out.println("Cron:     " + s.get("cron").getAsString() + " in " + zone);
        out.println("Job:      " + s.get("jobName").getAsString());
        out.println("Factfile: " + s.get("factfilePath").getAsString() + args);
        out.println("Overlap:  " + s.get("overlap").getAsString());
        out.println("Misfire:  " + s.get("misfire").getAsString());
        out.println();
        out.println("Next fires:");
        JsonArray next = s.getAsJsonArray("nextFireTimes");
        if (next.isEmpty()) {
            out.println("  none");
        }
        next.forEach(t -> out.println("  " + inZone(t.getAsString(), zone)));
        out.println();
        JsonArray fires = s.getAsJsonArray("recentFires");
        if (fires.isEmpty()) {
            out.println("Recent fires: none");
            return FactotumCtl.OK;
        }
        out.println("Recent fires (newest first):");
        FactotumCtl.Table t = new FactotumCtl.Table("FIRE TIME", "RESULT", "JOB ID", "NODE", "REASON");
        for (JsonElement e : fires) {
            JsonObject f = e.getAsJsonObject();
            String result = f.get("result").getAsString();
            t.row(inZone(f.get("fireTime").getAsString(), zone), result, FactotumCtl.text(f.get("jobId")),
                    f.get("node").getAsString(), result.equals("submitted") ? "" : FactotumCtl.text(f.get("detail")));
        }
        t.print(out);
        return FactotumCtl.OK;
    }

    private int create(List<String> rest) throws UsageException, ServerClient.Unreachable {
        if (rest.isEmpty() || rest.get(0).startsWith("-")) {
            throw new UsageException("schedule create needs a name first");
        }
        String name = rest.remove(0);
        Optional<String> cron = Optional.empty();
        Optional<String> jobName = Optional.empty();
        JsonObject body = new JsonObject();
        body.addProperty("name", name);
        while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            String option = rest.remove(0);
            switch (option) {
                case "--cron" -> cron = Optional.of(FactotumCtl.value(option, rest));
                case "--time-zone" -> body.addProperty("timeZone", FactotumCtl.value(option, rest));
                case "--overlap" -> body.addProperty("overlap", FactotumCtl.value(option, rest));
                case "--misfire" -> body.addProperty("misfire", FactotumCtl.value(option, rest));
                case "--job-name" -> jobName = Optional.of(FactotumCtl.value(option, rest));
                default -> throw new UsageException("unknown schedule create option " + option);
            }
        }
        if (cron.isEmpty()) {
            throw new UsageException("schedule create needs --cron");
        }
        if (rest.isEmpty()) {
            throw new UsageException("schedule create needs a factfile");
        }
        // as submit: the path as this shell means it, and the factfile's own name by default
        Path factfile = Path.of(rest.remove(0)).toAbsolutePath().normalize();
        body.addProperty("cron", cron.get());
        body.addProperty("jobName", jobName.orElseGet(() -> FactotumCtl.factfileName(factfile)));
        body.addProperty("factfilePath", factfile.toString());
        JsonArray args = new JsonArray();
        rest.forEach(args::add);
        body.add("factfileArgs", args);
        ServerClient.Answer a = client.post("schedules", body.toString());
        OptionalInt shown = refusedOrJson(a);
        if (shown.isPresent()) {
            return shown.getAsInt();
        }
        JsonObject s = a.body().getAsJsonObject();
        JsonArray next = s.getAsJsonArray("nextFireTimes");
        out.println("Schedule '" + name + "' created"
                + (next.isEmpty() ? "" : "; next fire " + inZone(next.get(0).getAsString(), s.get("timeZone").getAsString())));
        return FactotumCtl.OK;
    }

    /** An instant from the server as the schedule's wall-clock time with its offset (the raw text if odd). */
    static String inZone(String instant, String zone) {
        try {
            return WALL_CLOCK.format(Instant.parse(instant).atZone(ZoneId.of(zone)));
        } catch (DateTimeException e) {
            return instant;
        }
    }
}
