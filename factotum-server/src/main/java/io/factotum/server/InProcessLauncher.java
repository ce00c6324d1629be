package io.factotum.server;

import io.factotum.engine.JobEvent;
import io.factotum.engine.JobExecution;
import io.factotum.engine.JobExecutor;
import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.JobPlan;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.PlanException;
import io.factotum.engine.RunOptions;
import io.factotum.engine.ScheduleMode;
import io.factotum.engine.TaskSnapshot;
import io.factotum.factfile.EnvParser;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.FactfileException;
import io.factotum.factfile.FactfileParser;
import io.factotum.factfile.Variables;
import io.factotum.job.JobRequest;
import io.factotum.webhook.WebhookContext;
import io.factotum.webhook.WebhookDispatcher;
import io.factotum.webhook.WebhookListener;
import io.factotum.webhook.WebhookUrl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs jobs on the in-process engine (no {@code --factotum-bin}): the factfile is parsed and
 * templated with the job's {@code --env} and {@code --tag}s, planned from {@code --start}, and
 * executed with the configured schedule mode; {@code --webhook} events are delivered by a
 * dispatcher of the run's own.
 */
public final class InProcessLauncher implements JobLauncher {
    /** How the dry-run command appears in messages, as if a {@code factotum} binary had run it. */
    static final String DISPLAY_BIN = "factotum";

    private final JobExecutor executor;
    private final FactfileParser parser = new FactfileParser();
    private final ScheduleMode mode;
    private final Clock clock;
    private final ServerMetrics metrics;

    public InProcessLauncher(JobExecutor executor, ScheduleMode mode, Clock clock, ServerMetrics metrics) {
        this.executor = executor;
        this.mode = mode;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Optional<String> validate(String factfilePath, List<String> clientArgs) {
        try {
            FactfileArgs args = FactfileArgs.parse(clientArgs);
            if (!args.unknownForRun().isEmpty()) {
                return Optional.of(dryRunFailure(factfilePath, clientArgs, "Invalid arguments."));
            }
            if (args.webhook().isPresent()) {
                return Optional.of(dryRunFailure(factfilePath, clientArgs,
                        "Error: --webhook cannot be used with the --dry-run option"));
            }
            plan(factfilePath, args);
            return Optional.empty();
        } catch (FactfileArgs.ArgsException e) {
            return Optional.of(dryRunFailure(factfilePath, clientArgs, "Invalid arguments."));
        } catch (FactfileException | PlanException | IllegalArgumentException e) {
            return Optional.of(dryRunFailure(factfilePath, clientArgs, e.getMessage()));
        }
    }

    @Override
    public Launch start(JobRequest job, Map<String, TaskSnapshot> prior, JobListener listener) throws LaunchException {
        FactfileArgs args;
        JobPlan plan;
        try {
            args = FactfileArgs.parse(job.factfileArgs());
            plan = plan(job.factfilePath(), args).withPriorResults(prior);
        } catch (FactfileArgs.ArgsException | FactfileException | PlanException | IllegalArgumentException e) {
            throw new LaunchException(e.getMessage(), e);
        }
        Optional<WebhookDispatcher> webhook = args.webhook().map(url -> WebhookDispatcher.start(WebhookUrl.toUri(url)));
        JobListener all = listener;
        if (webhook.isPresent()) {
            int maxSize = args.maxStdouterrSize().map(Integer::parseInt)
                    .orElse(WebhookContext.DEFAULT_MAX_STDOUTERR_SIZE);
            WebhookContext context = WebhookContext.create(plan.factfile(), args.tags(), clock, maxSize);
            all = both(listener, new WebhookListener(context, webhook.get()));
        }
        JobExecution execution = executor.start(plan, RunOptions.defaults().withMode(mode), all);
        return new Launch() {
            @Override
            public void stop() {
                execution.requestShutdown();
            }

            @Override
            public boolean await() throws InterruptedException {
                JobOutcome outcome = execution.await();
                webhook.ifPresent(InProcessLauncher.this::finishDeliveries);
                return !outcome.hasErrors() && !outcome.shutdownRequested();
            }
        };
    }

    // Deliveries finish on their own thread so that a slow receiver never holds a worker.
    private void finishDeliveries(WebhookDispatcher dispatcher) {
        Thread t = new Thread(() -> {
            var report = dispatcher.awaitCompletion();
            dispatcher.close();
            metrics.webhookDelivered(report.delivered());
            metrics.webhookFailed(report.failed());
        }, "factotum-webhook-finish");
        t.setDaemon(true);
        t.start();
    }

    private JobPlan plan(String factfilePath, FactfileArgs args) throws FactfileException, PlanException {
        Map<String, String> env = args.env().map(EnvParser::parse).orElse(Map.of());
        Factfile factfile = parser.parse(Path.of(factfilePath), factfilePath, new Variables(env, args.tags()));
        return JobPlan.of(factfile, args.start());
    }

    private static String dryRunFailure(String path, List<String> clientArgs, String why) {
        List<String> command = new ArrayList<>(List.of(DISPLAY_BIN, "run", path, "--dry-run"));
        command.addAll(clientArgs);
        return "Failed to execute command: [" + String.join(" ", command) + "] - " + why;
    }

    private static JobListener both(JobListener first, JobListener second) {
        return new JobListener() {
            @Override
            public void onEvent(JobEvent event) {
                first.onEvent(event);
                second.onEvent(event);
            }

            @Override
            public void onTaskStarted(String taskName, Instant at) {
                first.onTaskStarted(taskName, at);
                second.onTaskStarted(taskName, at);
            }

            @Override
            public void onLine(String taskName, OutputStreamKind stream, String line) {
                first.onLine(taskName, stream, line);
                second.onLine(taskName, stream, line);
            }
        };
    }
}
