package io.factotum.server.http;

import io.factotum.server.JobService;
import io.factotum.server.ServerMetrics;

/** {@code GET /metrics}: Prometheus text format. */
public final class MetricsHandler implements Endpoint {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;
    private final JobService jobs;
    private final int maxWorkers;
    private final int maxJobs;

    public MetricsHandler(ServerMetrics metrics, JobService jobs, int maxWorkers, int maxJobs) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.maxWorkers = maxWorkers;
        this.maxJobs = maxJobs;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        return HttpResponse.text(200, metrics.render(jobs.queueDepth(), jobs.busyWorkers(), maxWorkers, maxJobs),
                CONTENT_TYPE);
    }
}
