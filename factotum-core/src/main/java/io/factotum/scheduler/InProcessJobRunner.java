package io.factotum.scheduler;

import io.factotum.engine.HostConstraint;
import io.factotum.engine.JobEvent;
import io.factotum.engine.JobExecution;
import io.factotum.engine.JobExecutor;
import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.JobPlan;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.PlanException;
import io.factotum.engine.RunOptions;
import io.factotum.engine.SimulatedTaskRunner;
import io.factotum.engine.TaskRunner;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.factotum.factfile.DecodedFactfile;
import io.factotum.factfile.EnvParser;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.FactfileException;
import io.factotum.factfile.FactfileParser;
import io.factotum.factfile.VariableQuoting;
import io.factotum.factfile.Variables;
import io.factotum.webhook.WebhookContext;
import io.factotum.webhook.WebhookDispatcher;
import io.factotum.webhook.WebhookListener;
import io.factotum.webhook.WebhookUrl;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs jobs with the engine in this JVM, as {@code factotum run <factfilePath> <factfileArgs...>}
 * would (CLI spec 3.2, 3.3): {@code --env} and {@code --tag} template the factfile, {@code --start}
 * runs a sub-tree, {@code --constraint host,<h>} skips the job on other hosts (it then succeeds with
 * no tasks, as Factotum exits 0), {@code --dry-run} simulates, {@code --webhook} sends Factotum's
 * events through the store's outbox ({@link WebhookRelay}) with {@code --max-stdouterr-size},
 * {@code --heartbeat-interval} sends heartbeats. {@code --no-colour} has nothing to colour here.
 *
 * <p>The factfile is read again for every run (unless the store archived the validated text): a job
 * continued after a restart runs the file as it is then. Parsing is done once per distinct text,
 * though: the decoded factfile is kept per text, and the templated factfile and plan per text and
 * arguments, so a run reuses its submission's work (both caches bounded by the size of the texts).
 */
public final class InProcessJobRunner implements JobRunner {
    private static final Logger LOG = LogManager.getLogger(InProcessJobRunner.class);

    private final TaskRunner taskRunner;
    private final Clock clock;
    private final RunOptions options;
    private final Optional<WebhookRelay> webhooks;
    private final FactfileParser parser = new FactfileParser();
    private final VariableQuoting quoting;
    private final HostConstraint hosts = HostConstraint.local();
    /** JSON, schema and decoding depend on the text alone. Weighed in chars of text. */
    private final Cache<String, DecodedFactfile> decoded = Caffeine.newBuilder()
            .maximumWeight(CACHED_CHARS).weigher((String text, DecodedFactfile d) -> text.length())
            .executor(Runnable::run).build();
    /** Templating and planning depend on the text and the arguments: a run finds its submission's. */
    private final Cache<ParseKey, Parsed> parsed = Caffeine.newBuilder()
            .maximumWeight(CACHED_CHARS).weigher((ParseKey key, Parsed p) -> key.text().length() + p.factfile().raw().length())
            .executor(Runnable::run).build();

    /** How many chars of factfile text each cache holds at most (about 64 MiB of heap each, at worst). */
    private static final long CACHED_CHARS = 16L * 1024 * 1024;

    /**
     * What a templated factfile and its plan depend on: the text and the arguments, or, for a text
     * without any {@code {{} (no tag can open without it, delimiter changes included), the text and
     * the arguments that shape the plan ({@code --start}, {@code --dry-run}): such a factfile templates
     * to the same tasks whatever the variables, so jobs that differ only in their tags share one entry.
     */
    private record ParseKey(String text, Object arguments) {
        static ParseKey of(String text, List<String> factfileArgs, FactfileArgs args) {
            return text.contains("{{") ? new ParseKey(text, List.copyOf(factfileArgs))
                    : new ParseKey(text, List.of(args.start(), args.dryRun()));
        }
    }

    private record Parsed(Factfile factfile, JobPlan plan) { }

    /**
     * @param taskRunner runs each task's command ({@link io.factotum.engine.ProcessTaskRunner} in production)
     * @param clock for task and event times
     * @param options schedule mode and shutdown grace; heartbeats come from each job's arguments
     * @param webhooks delivers {@code --webhook} events; without it such jobs are refused
     * @param quoting how {@code --env} and {@code --tag} values are substituted into task arguments;
     *     {@link VariableQuoting#ESCAPED} unless the submitters may run shell code (ruling 10)
     */
    public InProcessJobRunner(TaskRunner taskRunner, Clock clock, RunOptions options, Optional<WebhookRelay> webhooks,
            VariableQuoting quoting) {
        this.quoting = Objects.requireNonNull(quoting, "quoting");
        this.taskRunner = Objects.requireNonNull(taskRunner, "taskRunner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    }

    /** A job prepared for running: what {@code factotum run} has once its start-up checks passed. */
    private record Prepared(FactfileArgs args, Factfile factfile, JobPlan plan, int maxStdouterrSize,
            Optional<Duration> heartbeat, Optional<URI> webhook) { }

    @Override
    public void validate(String factfilePath, List<String> factfileArgs) throws InvalidJobException {
        prepare(factfilePath, factfileArgs, true, Optional.empty());
    }

    @Override
    public JobExecution start(RunRequest request) throws InvalidJobException {
        Prepared job = prepare(request.job().factfilePath(), request.job().factfileArgs(), false, request.factfileText());
        Optional<String> host = Optional.ofNullable(job.args().constraints().get("host"));
        Optional<String> hostMismatch = host.flatMap(hosts::failureReason);
        if (hostMismatch.isPresent()) {
            LOG.warn("Job {}: the host constraint \"{}\" did not match, no tasks have been executed. Reason: {}",
                    request.job().jobId(), host.get(), hostMismatch.get());
            return new FinishedExecution(new JobOutcome(List.of(), false));
        }
        JobPlan plan = job.plan().withPriorResults(request.prior());
        TaskRunner runner = job.args().dryRun() ? new SimulatedTaskRunner() : taskRunner;
        RunOptions runOptions = job.heartbeat().map(options::withHeartbeatInterval).orElse(options);
        if (job.webhook().isEmpty()) {
            return new JobExecutor(runner, clock).startOnAwait(plan, runOptions, request.listener());
        }
        WebhookRelay relay = webhooks.orElseThrow(() -> new InvalidJobException(
                "Error: --webhook is not available: this scheduler has no webhook relay"));
        String jobId = request.job().jobId();
        WebhookDispatcher dispatcher = relay.acquire(jobId, job.webhook().get());
        try {
            WebhookContext context = new WebhookContext(job.factfile().name(), job.factfile().raw(),
                    job.args().tags(), request.runStartedAt(), request.runReference(), job.maxStdouterrSize());
            JobListener webhook = new WebhookListener(context, dispatcher);
            if (request.listener() instanceof RunRecorder recorder) {
                // A run stopped because its node stops (or lost its claim) continues elsewhere: the
                // events of its stop (tasks killed, a FAILED end) are not its outcome, so not sent.
                JobListener sending = webhook;
                webhook = event -> {
                    if (!recorder.isFrozen()) {
                        sending.onEvent(event);
                    }
                };
            }
            JobListener listener = new BothListeners(request.listener(), webhook);
            return new ReleasingExecution(new JobExecutor(runner, clock).startOnAwait(plan, runOptions, listener),
                    () -> relay.release(jobId));
        } catch (RuntimeException e) {
            relay.release(jobId);
            throw e;
        }
    }

    /** Factotum's start-up checks, in its order (CLI spec 3.2, 3.3), without running anything. */
    private Prepared prepare(String factfilePath, List<String> factfileArgs, boolean dryRunCheck,
            Optional<String> factfileText) throws InvalidJobException {
        FactfileArgs args;
        try {
            args = FactfileArgs.parse(factfileArgs);
        } catch (FactfileArgsException e) {
            throw new InvalidJobException("Invalid arguments: " + e.getMessage());
        }
        if (!args.runIncompatible().isEmpty()) {
            throw new InvalidJobException("Invalid arguments: 'run' does not take " + args.runIncompatible());
        }
        Map<String, String> env;
        try {
            env = EnvParser.parse(args.env().orElse("{}"));
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage());
        }
        int maxStdouterrSize = decode(args.maxStdouterrSize(), "usize", "--max-stdouterr-size",
                WebhookContext.DEFAULT_MAX_STDOUTERR_SIZE);
        Optional<Duration> heartbeat = args.heartbeatInterval().isEmpty() ? Optional.empty()
                : Optional.of(Duration.ofSeconds(decode(args.heartbeatInterval(), "u64", "--heartbeat-interval", 0)))
                        .filter(d -> !d.isZero());
        if ((args.dryRun() || dryRunCheck) && args.webhook().isPresent()) {
            throw new InvalidJobException("Error: --webhook cannot be used with the --dry-run option");
        }
        Optional<URI> webhook = Optional.empty();
        if (args.webhook().isPresent()) {
            try {
                webhook = Optional.of(WebhookUrl.toUri(args.webhook().get()));
            } catch (IllegalArgumentException e) {
                throw new InvalidJobException("Error: the specifed webhook URL \"" + args.webhook().get()
                        + "\" is invalid. Reason: " + e.getMessage());
            }
        }
        String text;
        try {
            text = factfileText.isPresent() ? factfileText.get() : parser.readText(Path.of(factfilePath), factfilePath);
        } catch (FactfileException e) {
            throw new InvalidJobException(e.getMessage());
        }
        ParseKey key = ParseKey.of(text, factfileArgs, args);
        Parsed job = parsed.getIfPresent(key);
        if (job == null) {
            job = parse(text, factfilePath, env, args);
            parsed.put(key, job);
        }
        Factfile factfile = job.factfile();
        JobPlan plan = job.plan();
        return new Prepared(args, factfile, plan, maxStdouterrSize, heartbeat, webhook);
    }

    /** Decodes (once per text), templates and plans. Failures are not kept: they are rare and cheap. */
    private Parsed parse(String text, String factfilePath, Map<String, String> env, FactfileArgs args)
            throws InvalidJobException {
        Factfile factfile;
        try {
            DecodedFactfile document = decoded.getIfPresent(text);
            if (document == null) {
                document = parser.decode(text, factfilePath);
                decoded.put(text, document);
            }
            factfile = parser.template(document, factfilePath, new Variables(env, args.tags(), quoting));
        } catch (FactfileException e) {
            throw new InvalidJobException(e.getMessage());
        }
        try {
            return new Parsed(factfile, JobPlan.forRun(factfile, args.start(), args.dryRun()));
        } catch (PlanException e) {
            throw new InvalidJobException("The job cannot be started from '" + args.start().orElseThrow()
                    + "' because " + e.getMessage());
        }
    }

    /** Docopt's number decoding: an empty value is 0. */
    private static int decode(Optional<String> value, String type, String option, int absent)
            throws InvalidJobException {
        if (value.isEmpty()) {
            return absent;
        }
        String text = value.get();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new NumberFormatException(text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidJobException("Could not decode '" + text + "' to " + type + " for '" + option + "'.");
        }
    }

    /** A run that ended before it began: the host constraint did not match. */
    private record FinishedExecution(JobOutcome outcome) implements JobExecution {
        @Override
        public void requestShutdown() {
        }

        @Override
        public JobOutcome await() {
            return outcome;
        }
    }

    /** Hands the webhook dispatcher back once the run has ended. */
    private static final class ReleasingExecution implements JobExecution {
        private final JobExecution delegate;
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        ReleasingExecution(JobExecution delegate, Runnable release) {
            this.delegate = delegate;
            this.release = release;
        }

        @Override
        public void requestShutdown() {
            delegate.requestShutdown();
        }

        @Override
        public JobOutcome await() throws InterruptedException {
            JobOutcome outcome = delegate.await();
            if (released.compareAndSet(false, true)) {
                release.run();
            }
            return outcome;
        }
    }

    /** The scheduler's recorder first (so the store knows before the webhook says), then the webhook. */
    private record BothListeners(JobListener first, JobListener second) implements JobListener {
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

        @Override
        public void onRemainingGroupsSkipped() {
            first.onRemainingGroupsSkipped();
            second.onRemainingGroupsSkipped();
        }

        @Override
        public void onShutdownStarted(int runningTasks) {
            first.onShutdownStarted(runningTasks);
            second.onShutdownStarted(runningTasks);
        }

        @Override
        public void onForceKill(int remaining) {
            first.onForceKill(remaining);
            second.onForceKill(remaining);
        }
    }
}
