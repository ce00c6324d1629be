package io.factotum.server.http;

import com.google.gson.JsonObject;
import io.factotum.server.JobService;
import io.factotum.server.ServerCommandLine;
import io.factotum.server.ServerState;

/** {@code GET /status} (server spec 3.2), fields in the original's order. */
public final class StatusHandler implements Endpoint {
    private final ServerState state;
    private final JobService jobs;
    private final int maxWorkers;
    private final int maxJobs;

    public StatusHandler(ServerState state, JobService jobs, int maxWorkers, int maxJobs) {
        this.state = state;
        this.jobs = jobs;
        this.maxWorkers = maxWorkers;
        this.maxJobs = maxJobs;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        int active = jobs.busyWorkers();
        int inQueue = jobs.queueDepth();
        JsonObject server = new JsonObject();
        server.addProperty("startTime", state.startTime());
        server.addProperty("upTime", state.upTime());
        server.addProperty("state", state.mode().wire());
        JsonObject workers = new JsonObject();
        workers.addProperty("total", maxWorkers);
        workers.addProperty("idle", Math.max(0, maxWorkers - active));
        workers.addProperty("active", active);
        JsonObject queue = new JsonObject();
        queue.addProperty("maxQueueSize", maxJobs);
        queue.addProperty("inQueue", inQueue);
        JsonObject dispatcher = new JsonObject();
        dispatcher.add("workers", workers);
        dispatcher.add("jobs", queue);
        JsonObject body = new JsonObject();
        body.addProperty("version", ServerCommandLine.VERSION);
        body.add("server", server);
        body.add("dispatcher", dispatcher);
        return HttpResponse.json(200, body);
    }
}
