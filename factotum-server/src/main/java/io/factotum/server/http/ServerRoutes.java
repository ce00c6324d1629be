package io.factotum.server.http;

import io.factotum.server.JobService;
import io.factotum.server.ServerCommandLine;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.server.ServerState;
import io.factotum.server.http.Routes.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Every route of the server, in one table. */
public final class ServerRoutes {
    /** Paths served without the API token. */
    public static final List<String> OPEN_PATHS = List.of("/health/live", "/health/ready");
    /** Path prefixes served without the API token: the dashboard's and the docs page's own files. */
    public static final List<String> OPEN_PREFIXES = List.of("/ui", "/docs");

    private ServerRoutes() {
    }

    public static Routes create(ServerConfig config, ServerState state, JobService jobs, ServerMetrics metrics,
            EventStreamHandler events, io.factotum.server.ScheduleService schedules) {
        HelpHandler help = new HelpHandler();
        JobsHandler jobsHandler = new JobsHandler(jobs, state,
                new io.factotum.server.JobSearch(jobs, config.listScanBudget()));
        HealthHandler health = new HealthHandler(jobs, state);
        List<Route> routes = new ArrayList<>();
        List<String> pretty = List.of("pretty");
        routes.add(new Route("GET", "/", false, false, "The original's help (same as /help)", pretty, help));
        routes.add(new Route("GET", "/help", false, false, "The original's help", pretty, help));
        routes.add(new Route("GET", "/status", false, false, "Server state, workers and queue", pretty,
                new StatusHandler(state, jobs, config.maxWorkers(), config.maxJobs())));
        routes.add(new Route("POST", "/settings", true, false, "Switch the server to run or drain", pretty,
                new SettingsHandler(state, config.maxJsonDepth())));
        routes.add(new Route("POST", "/submit", true, false, "Submit a job", pretty,
                new SubmitHandler(state, jobs, config.maxJsonDepth())));
        routes.add(new Route("GET", "/check", false, false, "A job's stored entry", List.of("pretty", "id"),
                new CheckHandler(jobs, config.consulNamespace())));
        routes.add(new Route("GET", "/jobs", false, false,
                "List jobs in job id order, paged, filtered by state, name and latest run start",
                List.of("pretty", "state", "name", "since", "until", "limit", "after"), jobsHandler::list));
        routes.add(new Route("GET", "/jobs/{id}", false, false, "A job with its runs and task states", pretty,
                jobsHandler::detail));
        routes.add(new Route("GET", "/jobs/{id}/dag", false, false, "A job's task graph (tasks and dependencies)",
                pretty, jobsHandler::dag));
        routes.add(new Route("GET", "/jobs/{id}/runs", false, false, "A job's runs", pretty, jobsHandler::runs));
        routes.add(new Route("GET", "/jobs/{id}/runs/{runRef}/tasks/{task}/output", false, false,
                "A task's stdout and stderr, live while it runs; runRef may be 'latest'", pretty, jobsHandler::output));
        routes.add(new Route("POST", "/jobs/{id}/cancel", false, false, "Cancel a queued or running job", pretty,
                jobsHandler::cancel));
        routes.add(new Route("POST", "/jobs/{id}/resume", false, false,
                "Run a failed job again, keeping the tasks that succeeded", pretty, jobsHandler::resume));
        routes.add(Route.eventStream("/events", "Every job's transitions, live (Server-Sent Events)", events.allJobs()));
        routes.add(Route.eventStream("/jobs/{id}/events",
                "A job's stored transitions, then live ones and its tasks' output lines; ends when it is DONE",
                List.of("output"), events.oneJob()));
        SchedulesHandler scheduleHandler = new SchedulesHandler(schedules, config.maxJsonDepth());
        routes.add(new Route("POST", "/schedules", true, false, "Create a schedule (cron, time zone, overlap, misfire)",
                pretty, scheduleHandler::create));
        routes.add(new Route("GET", "/schedules", false, false, "Every schedule with its next fire time", pretty,
                scheduleHandler::list));
        routes.add(new Route("GET", "/schedules/{name}", false, false,
                "A schedule with its next fire times and recent fires", pretty, scheduleHandler::get));
        routes.add(new Route("DELETE", "/schedules/{name}", false, false, "Delete a schedule and its fire record",
                pretty, scheduleHandler::delete));
        routes.add(new Route("POST", "/schedules/{name}/pause", false, false, "Pause a schedule", pretty,
                scheduleHandler::pause));
        routes.add(new Route("POST", "/schedules/{name}/resume", false, false,
                "Resume a schedule (ticks missed while paused do not fire)", pretty, scheduleHandler::resume));
        routes.add(new Route("GET", "/health/live", false, true, "Liveness: the process answers", pretty,
                health::live));
        routes.add(new Route("GET", "/health/ready", false, true,
                "Readiness: the store takes writes and the server is not shutting down", pretty,
                health::ready));
        routes.add(new Route("GET", "/metrics", false, false, "Prometheus metrics", List.of(),
                new MetricsHandler(metrics, jobs, config.maxWorkers(), config.maxJobs())));
        AtomicReference<OpenApiHandler> openApi = new AtomicReference<>();
        routes.add(new Route("GET", "/openapi.json", false, false, "This document", pretty,
                request -> openApi.get().handle(request)));
        openApi.set(new OpenApiHandler(routes, ServerCommandLine.VERSION, config.apiToken().isPresent()));
        return new Routes(routes, config.maxBodyBytes(), config.bodyTimeout(), Routes.DEFAULT_MAX_BODY_BYTES_HELD);
    }
}
