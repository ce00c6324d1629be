package io.factotum.cli;

import io.factotum.engine.HostConstraint;
import io.factotum.engine.JobExecution;
import io.factotum.engine.JobExecutor;
import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.JobPlan;
import io.factotum.engine.PlanException;
import io.factotum.engine.ProcessTaskRunner;
import io.factotum.engine.RunOptions;
import io.factotum.engine.SimulatedTaskRunner;
import io.factotum.engine.TaskRunner;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.FactfileException;
import io.factotum.factfile.TagParser;
import io.factotum.factfile.Variables;
import io.factotum.webhook.DeliveryReport;
import io.factotum.webhook.WebhookContext;
import io.factotum.webhook.WebhookDispatcher;
import io.factotum.webhook.WebhookListener;
import io.factotum.webhook.WebhookUrl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** {@code factotum run <factfile>} (spec 3.3): check the host, parse, plan, run, summarise. */
final class RunCommand {
    private static final Logger LOG = LogManager.getLogger(RunCommand.class);
    private static final long MAX_HEARTBEAT_SECONDS = Duration.ofDays(36_500).getSeconds();

    private final Console console;
    private final FactfileLoader loader;
    private final HostConstraint hosts;
    private final ShutdownSignals shutdown;
    private final RunOptions runOptions;
    private final Clock clock;

    RunCommand(Console console, FactfileLoader loader, HostConstraint hosts, ShutdownSignals shutdown,
               RunOptions runOptions, Clock clock) {
        this.console = console;
        this.loader = loader;
        this.hosts = hosts;
        this.shutdown = shutdown;
        this.runOptions = runOptions;
        this.clock = clock;
    }

    int run(CliArguments args, Map<String, String> env, Map<String, String> tags) throws InterruptedException {
        String host = TagParser.parse(args.constraints()).get("host");
        if (host != null) {
            Optional<String> reason = hosts.failureReason(host);
            if (reason.isPresent()) {
                console.println(console.yellow("Warn: the specifed host constraint \"" + host
                        + "\" did not match, no tasks have been executed. Reason: " + reason.get()));
                return ExitCodes.SUCCESS;
            }
        }

        Factfile factfile;
        try {
            factfile = loader.load(args.factfile(), new Variables(env, tags));
        } catch (FactfileException e) {
            console.println(e.getMessage());
            return ExitCodes.INVALID_FACTFILE;
        }
        JobPlan plan;
        try {
            plan = JobPlan.forRun(factfile, args.start(), args.dryRun());
        } catch (PlanException e) {
            console.println("The job cannot be started from '" + console.cyan(args.start().orElse(""))
                    + "' because " + e.getMessage());
            return ExitCodes.OTHER_ERROR;
        }

        ConsoleReporter reporter = new ConsoleReporter(console);
        TaskRunner runner;
        if (args.dryRun()) {
            // Ruling 3: show what would run, as Factotum 0.3 to 0.6 did.
            printTable(SimulatedTaskRunner.commandTable(plan.tasks()));
            runner = new SimulatedTaskRunner();
        } else {
            runner = new ProcessTaskRunner();
        }

        RunOptions options = runOptions;
        Optional<WebhookDispatcher> dispatcher = Optional.empty();
        JobListener listener = reporter;
        if (args.webhook().isPresent()) {
            WebhookContext context = WebhookContext.create(factfile, tags, clock, maxStdouterrSize(args));
            WebhookDispatcher webhooks = WebhookDispatcher.start(WebhookUrl.toUri(args.webhook().get()));
            dispatcher = Optional.of(webhooks);
            listener = new CompositeJobListener(List.of(reporter, new WebhookListener(context, webhooks)));
            if (args.heartbeatIntervalSeconds().isPresent()) {
                options = options.withHeartbeatInterval(heartbeat(args.heartbeatIntervalSeconds().get()));
            }
        }

        LOG.info("Running '{}' (job '{}', {} task(s){}{})", args.factfile(), factfile.name(), plan.tasks().size(),
                args.dryRun() ? ", dry run" : "", args.start().map(t -> ", from '" + t + "'").orElse(""));
        JobOutcome outcome;
        JobExecution execution = new JobExecutor(runner, clock).start(plan, options, listener);
        shutdown.register(execution);
        try {
            outcome = execution.await();
        } finally {
            shutdown.unregister();
        }
        reporter.printSummary(outcome);
        LOG.info("Job '{}' finished: {}/{} task(s) run, failed {}, not run {}, exit code {}", factfile.name(),
                outcome.executedCount(), outcome.tasks().size(), outcome.failedTasks(), outcome.notRunTasks(),
                outcome.exitCode());

        if (dispatcher.isPresent()) {
            try (WebhookDispatcher webhooks = dispatcher.get()) {
                console.print("Waiting for webhook to finish sending events...");
                DeliveryReport report = webhooks.awaitCompletion();
                console.println(console.green(" done!"));
                if (report.failed() > 0) {
                    console.println(console.red("Warning: some events failed to send"));
                }
            }
        }
        return outcome.exitCode();
    }

    private void printTable(String table) {
        if (table.isEmpty()) {
            return;
        }
        console.print(table.endsWith("\n") ? table : table + "\n");
    }

    private static int maxStdouterrSize(CliArguments args) {
        return args.maxStdouterrSize().map(n -> (int) Math.min(n, Integer.MAX_VALUE))
                .orElse(WebhookContext.DEFAULT_MAX_STDOUTERR_SIZE);
    }

    /** Factotum's 0 means "continuously"; a scheduler needs a positive period, so 0 becomes 1 ms. */
    private static Duration heartbeat(long seconds) {
        // Anything beyond a century is "never" in practice, and stays clear of nanosecond overflow.
        Duration interval = Duration.ofSeconds(Math.min(seconds, MAX_HEARTBEAT_SECONDS));
        return interval.isZero() ? Duration.ofMillis(1) : interval;
    }
}
