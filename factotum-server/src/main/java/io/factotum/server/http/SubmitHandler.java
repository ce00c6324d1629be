package io.factotum.server.http;

import io.factotum.server.JobService;
import io.factotum.server.JobService.SubmitResult;
import io.factotum.server.ServerState;
import io.factotum.server.http.StructDecoder.Field;
import io.factotum.server.http.StructDecoder.Kind;
import java.util.List;
import java.util.Map;

/** {@code POST /submit} (server spec 3.4): decode, state check, then the scheduler's verdict. */
public final class SubmitHandler implements Endpoint {
    static final List<Field> FIELDS = List.of(
            new Field("jobName", Kind.STRING, true),
            new Field("factfilePath", Kind.STRING, true),
            new Field("factfileArgs", Kind.STRING_LIST, true),
            new Field("jobId", Kind.STRING, false));

    private final ServerState state;
    private final JobService jobs;
    private final RequestBodies bodies;

    public SubmitHandler(ServerState state, JobService jobs, int maxJsonDepth) {
        this.state = state;
        this.jobs = jobs;
        this.bodies = new RequestBodies(maxJsonDepth);
    }

    @Override
    @SuppressWarnings("unchecked")
    public HttpResponse handle(HttpRequest request) {
        Map<String, Object> body;
        try {
            body = bodies.decode(request, "JobRequest", FIELDS);
        } catch (RequestBodies.Refused e) {
            return e.response;
        }
        if (state.isShuttingDown()) {
            return HttpResponse.message(503, "Server is shutting down - cannot submit job");
        }
        if (state.mode() != ServerState.Mode.RUN) {
            return HttpResponse.message(400, "Server in [" + state.mode().wire() + "] state - cannot submit job");
        }
        SubmitResult result = jobs.submit(new JobService.JobSubmission((String) body.get("jobName"),
                (String) body.get("factfilePath"), (List<String>) body.get("factfileArgs")));
        if (result instanceof SubmitResult.Accepted a) {
            return HttpResponse.message(200, "SUBMITTING JOB REQ jobId:[" + a.jobId() + "]");
        }
        if (result instanceof SubmitResult.Duplicate) {
            return HttpResponse.message(400, "Job is already being processed");
        }
        if (result instanceof SubmitResult.QueueFull) {
            return HttpResponse.message(400, "Queue is full, cannot add job");
        }
        return HttpResponse.message(400, "Validation Error: " + ((SubmitResult.Invalid) result).message());
    }
}
