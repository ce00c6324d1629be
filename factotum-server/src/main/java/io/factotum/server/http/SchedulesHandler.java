package io.factotum.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleJson;
import io.factotum.schedule.ScheduleTick;
import io.factotum.server.ScheduleService;
import io.factotum.server.ScheduleService.CreateResult;
import io.factotum.server.http.StructDecoder.Field;
import io.factotum.server.http.StructDecoder.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /schedules}: create, list, read (with the next fire times and the recent fires), delete,
 * pause and resume. A name that could not be a schedule's is answered 404 before the store is asked.
 */
public final class SchedulesHandler {
    static final List<Field> FIELDS = List.of(
            new Field("name", Kind.STRING, true),
            new Field("cron", Kind.STRING, true),
            new Field("timeZone", Kind.STRING, false),
            new Field("jobName", Kind.STRING, true),
            new Field("factfilePath", Kind.STRING, true),
            new Field("factfileArgs", Kind.STRING_LIST, false),
            new Field("overlap", Kind.STRING, false),
            new Field("misfire", Kind.STRING, false));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final int NEXT_FIRES = 5;
    private static final int RECENT_FIRES = 20;

    private final ScheduleService schedules;
    private final RequestBodies bodies;

    public SchedulesHandler(ScheduleService schedules, int maxJsonDepth) {
        this.schedules = schedules;
        this.bodies = new RequestBodies(maxJsonDepth);
    }

    @SuppressWarnings("unchecked")
    public HttpResponse create(HttpRequest request) {
        Map<String, Object> body;
        try {
            body = bodies.decode(request, "ScheduleRequest", FIELDS);
        } catch (RequestBodies.Refused e) {
            return e.response;
        }
        List<String> args = body.get("factfileArgs") == null ? List.of() : (List<String>) body.get("factfileArgs");
        CreateResult result = schedules.create(new ScheduleService.ScheduleRequest((String) body.get("name"),
                (String) body.get("cron"), optional(body, "timeZone"), (String) body.get("jobName"),
                (String) body.get("factfilePath"), args, optional(body, "overlap"), optional(body, "misfire")));
        if (result instanceof CreateResult.Created created) {
            return HttpResponse.json(200, detail(created.schedule(), false)); // 200 like /submit
        }
        if (result instanceof CreateResult.Exists exists) {
            return HttpResponse.message(409, "Schedule '" + exists.name() + "' exists already");
        }
        return HttpResponse.message(400, "Validation Error: " + ((CreateResult.Invalid) result).message());
    }

    private static Optional<String> optional(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null || ((String) value).isEmpty() ? Optional.empty() : Optional.of((String) value);
    }

    public HttpResponse list(HttpRequest request) {
        JsonArray items = new JsonArray();
        for (Schedule s : schedules.list()) {
            items.add(detail(s, false));
        }
        JsonObject out = new JsonObject();
        out.add("schedules", items);
        return HttpResponse.json(200, out);
    }

    public HttpResponse get(HttpRequest request) {
        return named(request).map(s -> HttpResponse.json(200, detail(s, true))).orElseGet(() -> notFound(request));
    }

    public HttpResponse delete(HttpRequest request) {
        String name = request.path("name");
        if (!NAME.matcher(name).matches() || !schedules.delete(name)) {
            return notFound(request);
        }
        return HttpResponse.message(200, "Schedule '" + name + "' deleted");
    }

    public HttpResponse pause(HttpRequest request) {
        return paused(request, true);
    }

    public HttpResponse resume(HttpRequest request) {
        return paused(request, false);
    }

    private HttpResponse paused(HttpRequest request, boolean paused) {
        String name = request.path("name");
        Optional<Schedule> updated = NAME.matcher(name).matches() ? schedules.setPaused(name, paused) : Optional.empty();
        return updated.map(s -> HttpResponse.json(200, detail(s, false))).orElseGet(() -> notFound(request));
    }

    private Optional<Schedule> named(HttpRequest request) {
        String name = request.path("name");
        return NAME.matcher(name).matches() ? schedules.get(name) : Optional.empty();
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.message(404, "No schedule named '" + request.path("name") + "'");
    }

    private JsonObject detail(Schedule s, boolean withFires) {
        JsonObject o = ScheduleJson.toJson(s);
        JsonArray next = new JsonArray();
        schedules.nextFireTimes(s, withFires ? NEXT_FIRES : 1).forEach(t -> next.add(t.toString()));
        o.add("nextFireTimes", next);
        if (withFires) {
            JsonArray fires = new JsonArray();
            for (ScheduleTick t : schedules.recentFires(s.name(), RECENT_FIRES)) {
                JsonObject f = new JsonObject();
                f.addProperty("fireTime", t.fireTime().toString());
                f.addProperty("node", t.nodeId());
                f.addProperty("result", t.outcome().map(x -> x.kind().name().toLowerCase(java.util.Locale.ROOT)).orElse("firing"));
                t.outcome().flatMap(x -> x.jobId()).ifPresent(id -> f.addProperty("jobId", id));
                t.outcome().ifPresent(x -> f.addProperty("detail", x.detail()));
                fires.add(f);
            }
            o.add("recentFires", fires);
        }
        return o;
    }
}
