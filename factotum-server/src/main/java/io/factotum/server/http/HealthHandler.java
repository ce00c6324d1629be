package io.factotum.server.http;

import com.google.gson.JsonObject;
import io.factotum.server.JobService;
import io.factotum.server.ServerState;
import io.factotum.store.StoreException;

/** {@code GET /health/live} (the process answers) and {@code GET /health/ready} (the store takes writes). */
public final class HealthHandler {
    private final JobService jobs;
    private final ServerState state;

    public HealthHandler(JobService jobs, ServerState state) {
        this.jobs = jobs;
        this.state = state;
    }

    public HttpResponse live(HttpRequest request) {
        return status(200, "UP", null);
    }

    public HttpResponse ready(HttpRequest request) {
        if (state.isShuttingDown()) {
            return status(503, "DOWN", "Server is shutting down");
        }
        try {
            jobs.checkStore();
            return status(200, "UP", null);
        } catch (StoreException e) {
            return status(503, "DOWN", "Store unavailable - " + e.getMessage());
        }
    }

    private static HttpResponse status(int code, String status, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("status", status);
        if (message != null) {
            body.addProperty("message", message);
        }
        return HttpResponse.json(code, body);
    }
}
