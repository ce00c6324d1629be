package io.factotum.server;

import io.factotum.engine.TaskState;
import io.factotum.job.RunOutcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, rendered in the Prometheus text exposition format (version 0.0.4). Gauges
 * (queue depth, busy workers) are read from the scheduler at scrape time. Thread-safe.
 */
public final class ServerMetrics {
    private final Map<RunOutcome, LongAdder> jobs = new EnumMap<>(RunOutcome.class);
    private final Map<TaskState, LongAdder> tasks = new EnumMap<>(TaskState.class);
    private final AtomicLong jobMillis = new AtomicLong();
    private final AtomicLong taskMillis = new AtomicLong();
    private final LongAdder taskTimed = new LongAdder();
    private final LongAdder webhookDelivered = new LongAdder();
    private final LongAdder webhookFailed = new LongAdder();
    private final LongAdder submissions = new LongAdder();

    public ServerMetrics() {
        for (RunOutcome o : RunOutcome.values()) {
            jobs.put(o, new LongAdder());
        }
        for (TaskState s : TaskState.values()) {
            tasks.put(s, new LongAdder());
        }
    }

    public void jobAccepted() {
        submissions.increment();
    }

    public void jobFinished(RunOutcome outcome, Duration took) {
        jobs.get(outcome).increment();
        jobMillis.addAndGet(took.toMillis());
    }

    /** A task reached a final state; {@code took} is its run time when it ran. */
    public void taskFinished(TaskState state, Duration took) {
        tasks.get(state).increment();
        if (took != null) {
            taskTimed.increment();
            taskMillis.addAndGet(took.toMillis());
        }
    }

    public void webhookDelivered(int n) {
        webhookDelivered.add(n);
    }

    public void webhookFailed(int n) {
        webhookFailed.add(n);
    }

    /** The exposition text, with the scheduler's gauges. */
    public String render(int queueDepth, int busyWorkers, int maxWorkers, int maxJobs) {
        StringBuilder out = new StringBuilder();
        gauge(out, "factotum_queue_depth", "Jobs waiting in the queue (inQueue).", queueDepth);
        gauge(out, "factotum_queue_capacity", "The queue bound (--max-jobs).", maxJobs);
        gauge(out, "factotum_workers_busy", "Workers running a job.", busyWorkers);
        gauge(out, "factotum_workers_total", "Workers on this node (--max-workers).", maxWorkers);
        counterHeader(out, "factotum_jobs_submitted_total", "Jobs accepted by /submit.");
        out.append("factotum_jobs_submitted_total ").append(submissions.sum()).append('\n');
        counterHeader(out, "factotum_jobs_finished_total", "Job runs finished, by outcome.");
        long runs = 0;
        for (var e : jobs.entrySet()) {
            runs += e.getValue().sum();
            out.append("factotum_jobs_finished_total{outcome=\"").append(e.getKey().name().toLowerCase())
                    .append("\"} ").append(e.getValue().sum()).append('\n');
        }
        summary(out, "factotum_job_duration_seconds", "Run time of finished job runs.", jobMillis.get(), runs);
        counterHeader(out, "factotum_tasks_finished_total", "Tasks that reached a final state, by state.");
        for (var e : tasks.entrySet()) {
            if (e.getKey().isFinished()) {
                out.append("factotum_tasks_finished_total{state=\"").append(e.getKey().name().toLowerCase())
                        .append("\"} ").append(e.getValue().sum()).append('\n');
            }
        }
        summary(out, "factotum_task_duration_seconds", "Run time of tasks that ran.", taskMillis.get(),
                taskTimed.sum());
        counterHeader(out, "factotum_webhook_deliveries_total", "Webhook posts answered with a 2xx status.");
        out.append("factotum_webhook_deliveries_total ").append(webhookDelivered.sum()).append('\n');
        counterHeader(out, "factotum_webhook_failures_total", "Webhook posts that failed (network error or non-2xx; each retry counts).");
        out.append("factotum_webhook_failures_total ").append(webhookFailed.sum()).append('\n');
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void counterHeader(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
    }

    private static void summary(StringBuilder out, String name, String help, long millis, long count) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" summary\n");
        out.append(name).append("_sum ").append(millis / 1000.0).append('\n');
        out.append(name).append("_count ").append(count).append('\n');
    }
}
