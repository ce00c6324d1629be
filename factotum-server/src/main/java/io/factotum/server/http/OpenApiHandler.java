package io.factotum.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /openapi.json}: an OpenAPI 3.0 document generated from the route table, so it lists
 * exactly the routes the server registers.
 */
public final class OpenApiHandler implements Endpoint {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static final String TIME_FORMS = "an ISO-8601 instant (2026-12-02T10:15:30Z, or with an offset) or a "
            + "date (2026-12-02: its start in UTC)";
    /** What query parameters mean, by route: {@code "GET /jobs"} and the like. */
    private static final java.util.Map<String, java.util.Map<String, String>> QUERY_PARAMETERS = java.util.Map.of(
            "GET /jobs", jobsParameters(),
            "GET /jobs/{id}/events", java.util.Map.of("output", "Of a task that is running when the client"
                    + " connects: 'latest' (the default) sends its latest lines (up to 1,000), 'all' every line"
                    + " the server still holds of the run, from its start"));

    private static java.util.Map<String, String> jobsParameters() {
        return java.util.Map.of(
            "state", "Only jobs in this state: QUEUED, WORKING or DONE (any case)",
            "name", "Only jobs whose name contains this, ignoring case (at most 1024 characters)",
            "since", "Only jobs whose latest run started at or after this: " + TIME_FORMS
                    + ". A job never run matches no time filter.",
            "until", "Only jobs whose latest run started before this: " + TIME_FORMS + "; not before 'since'",
            "limit", "The most jobs in one answer, 1 to 1000 (default 100)",
            "after", "Continue after this job id: the previous answer's nextAfter");
    }

    private final JsonObject document;

    public OpenApiHandler(List<Routes.Route> routes, String version, boolean tokenRequired) {
        this.document = build(routes, version, tokenRequired);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        return HttpResponse.json(200, document.deepCopy());
    }

    static JsonObject build(List<Routes.Route> routes, String version, boolean tokenRequired) {
        JsonObject doc = new JsonObject();
        doc.addProperty("openapi", "3.0.3");
        JsonObject info = new JsonObject();
        info.addProperty("title", "Factotum Server (JVM)");
        info.addProperty("version", version);
        info.addProperty("description", "Factotum Server 0.3.0's API (/, /help, /status, /settings, /submit, /check) "
                + "plus job listing, detail, task output, cancel, resume, health and metrics. "
                + "Every JSON endpoint accepts ?pretty=1.");
        doc.add("info", info);
        JsonObject paths = new JsonObject();
        for (Routes.Route route : routes) {
            JsonObject item = paths.has(route.template()) ? paths.getAsJsonObject(route.template()) : new JsonObject();
            item.add(route.method().toLowerCase(Locale.ROOT), operation(route, tokenRequired));
            paths.add(route.template(), item);
        }
        doc.add("paths", paths);
        JsonObject components = new JsonObject();
        JsonObject schemes = new JsonObject();
        JsonObject bearer = new JsonObject();
        bearer.addProperty("type", "http");
        bearer.addProperty("scheme", "bearer");
        schemes.add("bearerAuth", bearer);
        components.add("securitySchemes", schemes);
        JsonObject schemas = new JsonObject();
        schemas.add("Message", objectSchema("message"));
        components.add("schemas", schemas);
        doc.add("components", components);
        return doc;
    }

    private static JsonObject operation(Routes.Route route, boolean tokenRequired) {
        JsonObject op = new JsonObject();
        op.addProperty("summary", route.summary());
        op.addProperty("operationId", operationId(route));
        JsonArray parameters = new JsonArray();
        Matcher m = PATH_PARAM.matcher(route.template());
        while (m.find()) {
            parameters.add(parameter(m.group(1), "path", true));
        }
        java.util.Map<String, String> described = QUERY_PARAMETERS.getOrDefault(
                route.method() + " " + route.template(), java.util.Map.of());
        for (String q : route.queryParameters()) {
            JsonObject p = parameter(q, "query", q.equals("id") && route.template().equals("/check"));
            if (described.containsKey(q)) {
                p.addProperty("description", described.get(q));
            }
            if (q.equals("limit")) {
                p.getAsJsonObject("schema").addProperty("type", "integer");
            }
            parameters.add(p);
        }
        if (route.streams()) {
            parameters.add(parameter("Last-Event-ID", "header", false));
        }
        op.add("parameters", parameters);
        if (route.readsBody() && !route.template().startsWith("/jobs/")) {
            JsonObject body = new JsonObject();
            body.addProperty("required", true);
            JsonObject content = new JsonObject();
            JsonObject json = new JsonObject();
            json.add("schema", route.template().equals("/submit") ? submitSchema()
                    : route.template().equals("/schedules") ? scheduleSchema() : objectSchema("state"));
            content.add("application/json", json);
            body.add("content", content);
            op.add("requestBody", body);
        }
        JsonObject responses = new JsonObject();
        if (route.streams()) {
            JsonObject stream = response("Server-Sent Events (event types: job, task, output, reset, sync)");
            JsonObject content = new JsonObject();
            JsonObject schema = new JsonObject();
            schema.addProperty("type", "string");
            JsonObject media = new JsonObject();
            media.add("schema", schema);
            content.add("text/event-stream", media);
            stream.add("content", content);
            responses.add("200", stream);
        } else if (route.method().equals("GET") && route.template().equals("/jobs")) {
            responses.add("200", jobListResponse());
        } else {
            responses.add("200", response("Success"));
        }
        if (route.method().equals("POST") && route.template().equals("/schedules")) {
            responses.add("409", response("A schedule of that name exists"));
        }
        if (!route.open()) {
            responses.add("400", response("Refused; {\"message\": ...}"));
            if (tokenRequired) {
                responses.add("401", response("Missing or wrong bearer token"));
            }
            responses.add("404", response("Unknown job or route"));
        }
        responses.add("503", response("Store unavailable or shutting down"));
        op.add("responses", responses);
        if (tokenRequired && !route.open()) {
            JsonArray security = new JsonArray();
            JsonObject requirement = new JsonObject();
            requirement.add("bearerAuth", new JsonArray());
            security.add(requirement);
            op.add("security", security);
        }
        return op;
    }

    private static String operationId(Routes.Route route) {
        String base = route.template().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
        return route.method().toLowerCase(Locale.ROOT) + (base.equals("_") ? "_root" : base);
    }

    private static JsonObject parameter(String name, String in, boolean required) {
        JsonObject p = new JsonObject();
        p.addProperty("name", name);
        p.addProperty("in", in);
        p.addProperty("required", in.equals("path") || required);
        JsonObject schema = new JsonObject();
        schema.addProperty("type", "string");
        p.add("schema", schema);
        return p;
    }

    /** The POST /schedules body: required fields first; the others have defaults. */
    private static JsonObject scheduleSchema() {
        JsonObject schema = objectSchema("name", "cron", "timeZone", "jobName", "factfilePath", "overlap", "misfire");
        JsonObject array = new JsonObject();
        array.addProperty("type", "array");
        JsonObject item = new JsonObject();
        item.addProperty("type", "string");
        array.add("items", item);
        schema.getAsJsonObject("properties").add("factfileArgs", array);
        JsonArray required = new JsonArray();
        for (String field : List.of("name", "cron", "jobName", "factfilePath")) {
            required.add(field);
        }
        schema.add("required", required);
        return schema;
    }

    /**
     * {@code GET /jobs}: the matching jobs, each the stored entry plus {@code lastRunAt}; a filtered
     * search examines a bounded number of jobs per request, so an answer may hold fewer than
     * {@code limit} jobs and still have a {@code nextAfter}.
     */
    private static JsonObject jobListResponse() {
        JsonObject item = objectSchema("state", "lastRunFrom", "lastOutcome");
        JsonObject request = new JsonObject();
        request.addProperty("type", "object");
        request.addProperty("description", "What was submitted: jobId, jobName, factfilePath, factfileArgs, ...");
        item.getAsJsonObject("properties").add("jobRequest", request);
        item.getAsJsonArray("required").add("jobRequest");
        item.getAsJsonObject("properties").add("lastRunAt", typed("string", "date-time",
                "When the job's latest run started; null if it never ran"));
        item.getAsJsonObject("properties").getAsJsonObject("lastRunAt").addProperty("nullable", true);
        JsonObject jobs = new JsonObject();
        jobs.addProperty("type", "array");
        jobs.add("items", item);
        JsonObject schema = new JsonObject();
        schema.addProperty("type", "object");
        JsonObject properties = new JsonObject();
        properties.add("jobs", jobs);
        JsonObject next = typed("string", null, "Pass as 'after' to continue; null when nothing is left to search");
        next.addProperty("nullable", true);
        properties.add("nextAfter", next);
        properties.add("scanned", typed("integer", null, "How many jobs this request examined"));
        properties.add("complete", typed("boolean", null, "False when the scan budget ran out before 'limit' "
                + "matches were found: more may match after nextAfter"));
        schema.add("properties", properties);
        JsonArray required = new JsonArray();
        for (String field : List.of("jobs", "nextAfter", "scanned", "complete")) {
            required.add(field);
        }
        schema.add("required", required);
        JsonObject media = new JsonObject();
        media.add("schema", schema);
        JsonObject content = new JsonObject();
        content.add("application/json", media);
        JsonObject r = response("The matching jobs in job id order, and where to continue");
        r.add("content", content);
        return r;
    }

    private static JsonObject typed(String type, String format, String description) {
        JsonObject t = new JsonObject();
        t.addProperty("type", type);
        if (format != null) {
            t.addProperty("format", format);
        }
        t.addProperty("description", description);
        return t;
    }

    private static JsonObject response(String description) {
        JsonObject r = new JsonObject();
        r.addProperty("description", description);
        return r;
    }

    private static JsonObject objectSchema(String... stringFields) {
        JsonObject schema = new JsonObject();
        schema.addProperty("type", "object");
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        for (String f : stringFields) {
            JsonObject type = new JsonObject();
            type.addProperty("type", "string");
            properties.add(f, type);
            required.add(f);
        }
        schema.add("properties", properties);
        schema.add("required", required);
        return schema;
    }

    private static JsonObject submitSchema() {
        JsonObject schema = objectSchema("jobName", "factfilePath");
        JsonObject args = new JsonObject();
        args.addProperty("type", "array");
        JsonObject item = new JsonObject();
        item.addProperty("type", "string");
        args.add("items", item);
        schema.getAsJsonObject("properties").add("factfileArgs", args);
        schema.getAsJsonArray("required").add("factfileArgs");
        return schema;
    }
}
