package io.factotum.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.server.JobService;
import io.factotum.server.JobSearch;
import io.factotum.server.JobService.ActionResult;
import io.factotum.server.ServerState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The REST resources beyond the original: {@code /jobs} (list), {@code /jobs/{id}} (detail with
 * runs and per-task states), {@code /jobs/{id}/runs}, a task's output, cancel and resume.
 */
public final class JobsHandler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Run reference alias for the job's most recent run. */
    static final String LATEST = "latest";

    /** Longest job id looked up; real ids are 64 hex characters. */
    static final int MAX_ID_LENGTH = 1024;
    /** Longest name filter taken; a longer one is refused rather than searched for. */
    static final int MAX_NAME_FILTER_LENGTH = 1024;
    /** Longest since/until text looked at; real ones are about 30 characters. */
    static final int MAX_TIME_LENGTH = 64;

    private final JobService jobs;
    private final ServerState state;
    private final JobSearch search;

    public JobsHandler(JobService jobs, ServerState state, JobSearch search) {
        this.jobs = jobs;
        this.state = state;
        this.search = search;
    }

    /**
     * {@code GET /jobs?state=&name=&since=&until=&limit=&after=}: the jobs that match, in job id
     * order, each with {@code lastRunAt}; see {@link JobSearch} for how a filtered search pages.
     */
    public HttpResponse list(HttpRequest request) {
        Optional<JobState> filter = Optional.empty();
        Optional<String> given = request.queryLast("state");
        if (given.isPresent()) {
            try {
                filter = Optional.of(JobState.valueOf(given.get().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return HttpResponse.message(400, "Validation Error: Invalid 'state', must be one of (QUEUED|WORKING|DONE)");
            }
        }
        int limit = DEFAULT_LIMIT;
        Optional<String> limitText = request.queryLast("limit");
        if (limitText.isPresent()) {
            try {
                limit = Integer.parseInt(limitText.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return HttpResponse.message(400, "Validation Error: Invalid 'limit', must be between 1 and " + MAX_LIMIT);
            }
        }
        Optional<String> after = request.queryLast("after").filter(a -> !a.isEmpty());
        if (after.isPresent() && !isPlausibleId(after.get())) {
            return HttpResponse.message(400, "Validation Error: Invalid 'after', must be a job id");
        }
        Optional<String> name = request.queryLast("name").filter(n -> !n.isEmpty());
        if (name.isPresent() && name.get().length() > MAX_NAME_FILTER_LENGTH) {
            return HttpResponse.message(400, "Validation Error: Invalid 'name', must be at most "
                    + MAX_NAME_FILTER_LENGTH + " characters");
        }
        Optional<Instant> since;
        Optional<Instant> until;
        try {
            since = time(request, "since");
            until = time(request, "until");
        } catch (IllegalArgumentException e) {
            return HttpResponse.message(400, e.getMessage());
        }
        if (since.isPresent() && until.isPresent() && since.get().isAfter(until.get())) {
            return HttpResponse.message(400, "Validation Error: Invalid 'since', must not be after 'until'");
        }
        JobSearch.Result result = search.search(new JobSearch.Filter(filter, name, since, until), after, limit);
        JsonArray items = new JsonArray();
        for (JobSearch.Listed job : result.jobs()) {
            JsonObject item = JobJson.entry(job.entry());
            item.add("lastRunAt", job.lastRunAt().<com.google.gson.JsonElement>map(
                    t -> new com.google.gson.JsonPrimitive(t.toString())).orElse(JsonNull.INSTANCE));
            items.add(item);
        }
        JsonObject body = new JsonObject();
        body.add("jobs", items);
        body.add("nextAfter", result.nextAfter()
                .<com.google.gson.JsonElement>map(com.google.gson.JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        body.addProperty("scanned", result.scanned());
        body.addProperty("complete", result.complete());
        return HttpResponse.json(200, body);
    }

    /**
     * A time filter: an ISO-8601 instant ({@code 2026-12-02T10:15:30Z}, or with an offset such as
     * {@code +01:00}) or a plain date ({@code 2026-12-02}), which means its start in UTC. Empty is no
     * filter.
     *
     * @throws IllegalArgumentException with the 400 message if the value is neither
     */
    static Optional<Instant> time(HttpRequest request, String parameter) {
        Optional<String> given = request.queryLast(parameter).filter(t -> !t.isEmpty());
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String text = given.get();
        if (text.length() <= MAX_TIME_LENGTH) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException e) {
                // not a date-time with an offset: perhaps a plain date
            }
            try {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException e) {
                // neither: refused below
            }
        }
        throw new IllegalArgumentException("Validation Error: Invalid '" + parameter
                + "', must be an ISO-8601 instant (e.g. 2026-12-02T10:15:30Z) or a date (e.g. 2026-12-02)");
    }

    /** {@code GET /jobs/{id}}: the entry, then every run with its tasks. */
    public HttpResponse detail(HttpRequest request) {
        String id = request.path("id");
        Optional<JobEntry> entry = isPlausibleId(id) ? jobs.check(id) : Optional.empty();
        if (entry.isEmpty()) {
            return notFound(id);
        }
        JsonObject body = new JsonObject();
        body.addProperty("jobId", id);
        JobJson.entry(entry.get()).entrySet().forEach(e -> body.add(e.getKey(), e.getValue()));
        body.add("runs", runsJson(jobs.runs(id)));
        return HttpResponse.json(200, body);
    }

    /** {@code GET /jobs/{id}/dag}: the job's tasks and their dependencies, in factfile order. */
    public HttpResponse dag(HttpRequest request) {
        String id = request.path("id");
        Optional<List<JobService.DagTask>> dag = isPlausibleId(id) ? jobs.dag(id) : Optional.empty();
        if (dag.isEmpty()) {
            return notFound(id);
        }
        JsonArray tasks = new JsonArray();
        for (JobService.DagTask t : dag.get()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", t.name());
            JsonArray deps = new JsonArray();
            t.dependsOn().forEach(deps::add);
            o.add("dependsOn", deps);
            tasks.add(o);
        }
        JsonObject body = new JsonObject();
        body.add("tasks", tasks);
        return HttpResponse.json(200, body);
    }

    /** {@code GET /jobs/{id}/runs}. */
    public HttpResponse runs(HttpRequest request) {
        String id = request.path("id");
        if (!isPlausibleId(id) || jobs.check(id).isEmpty()) {
            return notFound(id);
        }
        JsonObject body = new JsonObject();
        body.add("runs", runsJson(jobs.runs(id)));
        return HttpResponse.json(200, body);
    }

    /** {@code GET /jobs/{id}/runs/{runRef}/tasks/{task}/output}; {@code runRef} may be {@code latest}. */
    public HttpResponse output(HttpRequest request) {
        String id = request.path("id");
        String runRef = request.path("runRef");
        String task = request.path("task");
        if (!isPlausibleId(id) || jobs.check(id).isEmpty()) {
            return notFound(id);
        }
        if (LATEST.equals(runRef)) {
            List<JobRun> runs = jobs.runs(id);
            if (runs.isEmpty()) {
                return HttpResponse.message(404, "Error: Job '" + id + "' has not run yet");
            }
            runRef = runs.get(runs.size() - 1).runReference();
        }
        String ref = runRef;
        return jobs.output(id, ref, task).map(o -> {
            JsonObject body = new JsonObject();
            body.addProperty("jobId", o.jobId());
            body.addProperty("runReference", o.runReference());
            body.addProperty("taskName", o.taskName());
            body.addProperty("state", o.state());
            body.addProperty("running", o.running());
            body.addProperty("stdout", o.stdout());
            body.addProperty("stderr", o.stderr());
            return HttpResponse.json(200, body);
        }).orElseGet(() -> HttpResponse.message(404,
                "Error: No task '" + task + "' in run '" + ref + "' of job '" + id + "'"));
    }

    /** {@code POST /jobs/{id}/cancel}. */
    public HttpResponse cancel(HttpRequest request) {
        String id = request.path("id");
        if (!isPlausibleId(id)) {
            return notFound(id);
        }
        ActionResult result = jobs.cancel(id);
        return switch (result) {
            case DONE -> HttpResponse.message(200, "CANCELLING JOB REQ jobId:[" + id + "]");
            case NOT_FOUND -> notFound(id);
            default -> HttpResponse.message(409, "Job is not queued or running - cannot cancel");
        };
    }

    /** {@code POST /jobs/{id}/resume}: like a submission, refused while draining. */
    public HttpResponse resume(HttpRequest request) {
        String id = request.path("id");
        if (state.isShuttingDown()) {
            return HttpResponse.message(503, "Server is shutting down - cannot submit job");
        }
        if (state.mode() != ServerState.Mode.RUN) {
            return HttpResponse.message(400, "Server in [" + state.mode().wire() + "] state - cannot submit job");
        }
        if (!isPlausibleId(id)) {
            return notFound(id);
        }
        ActionResult result = jobs.resume(id);
        return switch (result) {
            case DONE -> HttpResponse.message(200, "RESUMING JOB REQ jobId:[" + id + "]");
            case NOT_FOUND -> notFound(id);
            case QUEUE_FULL -> HttpResponse.message(400, "Queue is full, cannot add job");
            case CONFLICT -> HttpResponse.message(409, "Job did not fail - nothing to resume");
        };
    }

    private static JsonArray runsJson(List<JobRun> runs) {
        JsonArray array = new JsonArray();
        for (JobRun run : runs) {
            array.add(JobJson.run(run));
        }
        return array;
    }

    /**
     * Whether a job id as given could name a job: not empty, not absurdly long, no control
     * characters (stores may refuse some, e.g. NUL). Anything else is simply not found.
     */
    static boolean isPlausibleId(String id) {
        return !id.isEmpty() && id.length() <= MAX_ID_LENGTH && id.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static HttpResponse notFound(String id) {
        return HttpResponse.message(404, "Error: No job entry found for id='" + id + "'");
    }
}
