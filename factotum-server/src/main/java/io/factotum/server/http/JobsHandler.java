package io.factotum.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.server.JobService;
import io.factotum.server.JobService.ActionResult;
import io.factotum.server.ServerState;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
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

    private final JobService jobs;
    private final ServerState state;

    public JobsHandler(JobService jobs, ServerState state) {
        this.jobs = jobs;
        this.state = state;
    }

    /** {@code GET /jobs?state=&limit=&after=}. */
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
        Page<JobEntry> page = jobs.list(filter, new PageRequest(after, limit));
        JsonArray items = new JsonArray();
        for (JobEntry job : page.items()) {
            items.add(JobJson.entry(job));
        }
        JsonObject body = new JsonObject();
        body.add("jobs", items);
        body.add("nextAfter", page.next().flatMap(PageRequest::after)
                .<com.google.gson.JsonElement>map(com.google.gson.JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        return HttpResponse.json(200, body);
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
