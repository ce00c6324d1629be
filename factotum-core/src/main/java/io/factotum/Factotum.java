package io.factotum;

import io.factotum.engine.ProcessTaskRunner;
import io.factotum.engine.RunOptions;
import io.factotum.engine.ScheduleMode;
import io.factotum.engine.TaskRunner;
import io.factotum.factfile.VariableQuoting;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.scheduler.CancelResult;
import io.factotum.scheduler.InProcessJobRunner;
import io.factotum.scheduler.JobRunner;
import io.factotum.scheduler.ResumeResult;
import io.factotum.scheduler.RunOutputListener;
import io.factotum.scheduler.Scheduler;
import io.factotum.scheduler.SchedulerConfig;
import io.factotum.scheduler.SchedulerListener;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import io.factotum.scheduler.WebhookRelay;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.Storage;
import io.factotum.webhook.HttpWebhookSender;
import io.factotum.webhook.RetryPolicy;
import io.factotum.webhook.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Factotum's job scheduler, embedded: jobs (factfiles with arguments) are queued, run by a bounded
 * pool of workers on the in-process engine, and every transition is stored, so that nothing is lost
 * when the process dies. A sketch:
 *
 * <pre>{@code
 * try (Storage storage = RocksDbStorage.open(dir);
 *      Factotum factotum = Factotum.builder().storage(storage).maxWorkers(4).build().start()) {
 *     factotum.addListener(event -> ...);
 *     SubmitResult result = factotum.submit(SubmitRequest.of("nightly", "jobs/nightly.factfile", "--tag", "env,prod"));
 * }
 * }</pre>
 *
 * <p>After a crash, {@link #start()} on the same store continues where the last process stopped:
 * queued jobs run in their original order, an interrupted job continues its run (finished tasks are
 * not run again, the interrupted ones are: at-least-once), pending webhook events are delivered.
 * The caller owns the {@link Storage} and closes it after this.
 */
public final class Factotum implements AutoCloseable {
    private final Scheduler scheduler;
    /** The task runner this built itself, closed after the scheduler stopped. */
    private final Optional<ProcessTaskRunner> ownRunner;

    private Factotum(Scheduler scheduler, Optional<ProcessTaskRunner> ownRunner) {
        this.scheduler = scheduler;
        this.ownRunner = ownRunner;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Recovers what an earlier process left and starts running jobs; returns this. */
    public Factotum start() {
        scheduler.start();
        return this;
    }

    /**
     * Stops running jobs (they go back to the queue and continue at the next start) and webhook
     * delivery (pending events stay stored). Idempotent; the storage stays open.
     */
    public void stop() {
        scheduler.stop();
    }

    /**
     * Stops as {@link #stop()} does, after letting running jobs finish for up to {@code grace}
     * (nothing new is started meanwhile); only those still running then are handed back.
     */
    public void stop(Duration grace) {
        scheduler.stop(grace);
    }

    /**
     * Stops the node ({@link #stop()}), then the task watchdog of the default task runner, which
     * stops any task process still running (none normally: stopping waits for them).
     */
    @Override
    public void close() {
        stop();
        ownRunner.ifPresent(runner -> {
            try {
                runner.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Validates and queues a job (Factotum Server's {@code /submit}); see {@link Scheduler#submit}. */
    public SubmitResult submit(SubmitRequest request) {
        return scheduler.submit(request);
    }

    /** The job's entry (Factotum Server's {@code /check}). */
    public Optional<JobEntry> check(String jobId) {
        return scheduler.check(jobId);
    }

    /** The job entries in {@code state}, by id, a page at a time. */
    public Page<JobEntry> list(JobState state, PageRequest page) {
        return scheduler.list(state, page);
    }

    /** The job's runs, oldest first, each with its tasks' states, codes, times and output. */
    public List<JobRun> runs(String jobId) {
        return scheduler.runs(jobId);
    }

    /** Cancels a queued job or stops a running one; see {@link Scheduler#cancel}. */
    public CancelResult cancel(String jobId) {
        return scheduler.cancel(jobId);
    }

    /** Re-runs what did not succeed in a job's last run; see {@link Scheduler#resume}. */
    public ResumeResult resume(String jobId) {
        return scheduler.resume(jobId);
    }

    /** Jobs waiting in the queue. */
    public int queued() {
        return scheduler.queued();
    }

    /** Jobs running on this node. */
    public int running() {
        return scheduler.running();
    }

    public void addListener(SchedulerListener listener) {
        scheduler.addListener(listener);
    }

    /** Sees running tasks' output lines as they are written (in-process runs). */
    public void addOutputListener(RunOutputListener listener) {
        scheduler.addOutputListener(listener);
    }

    public void removeListener(SchedulerListener listener) {
        scheduler.removeListener(listener);
    }

    /** Builds a {@link Factotum}; the defaults are Factotum Server's. */
    public static final class Builder {
        public static final String DEFAULT_NODE_ID = "factotum";
        public static final int DEFAULT_MAX_WORKERS = 20;
        public static final int DEFAULT_MAX_JOBS = 1000;
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_MAX_STORED_OUTPUT = 10_000;

        private Storage storage;
        private String nodeId = DEFAULT_NODE_ID;
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private int maxJobs = DEFAULT_MAX_JOBS;
        private Optional<Duration> jobTimeout = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private JobRunner runner;
        private TaskRunner taskRunner;
        private RunOptions runOptions = RunOptions.defaults();
        private String webhook;
        private Integer maxStdouterrSize;
        private boolean noColour;
        private WebhookSender webhookSender;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration lease = DEFAULT_LEASE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int maxStoredOutput = DEFAULT_MAX_STORED_OUTPUT;
        private boolean shellVariables;

        private Builder() {
        }

        /**
         * Whether {@code --env} and {@code --tag} values of submitted jobs are substituted into task
         * arguments as shell code, as Factotum does; default false: {@code $ ` \ "} in them are
         * escaped, so a submitter cannot run commands of its own (ruling 10). In-process runs only.
         */
        public Builder shellVariables(boolean value) {
            this.shellVariables = value;
            return this;
        }

        /** Where jobs, the queue, runs and webhook events are kept (required). */
        public Builder storage(Storage value) {
            this.storage = Objects.requireNonNull(value, "storage");
            return this;
        }

        /** This node's id, written as {@code lastRunFrom} ({@code --consul-name}). */
        public Builder nodeId(String value) {
            this.nodeId = Objects.requireNonNull(value, "nodeId");
            return this;
        }

        /** How many jobs run at once ({@code --max-workers}). */
        public Builder maxWorkers(int value) {
            this.maxWorkers = value;
            return this;
        }

        /** How many jobs may wait in the queue ({@code --max-jobs}). */
        public Builder maxJobs(int value) {
            this.maxJobs = value;
            return this;
        }

        /** How long a job may run before it is stopped and recorded TIMED_OUT; a request may override it. */
        public Builder jobTimeout(Duration value) {
            this.jobTimeout = Optional.of(value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Replaces the in-process engine runner altogether (e.g. a CLI wrapper, a test fake). */
        public Builder runner(JobRunner value) {
            this.runner = Objects.requireNonNull(value, "runner");
            return this;
        }

        /**
         * Runs each task's command in the in-process runner (default
         * {@link ProcessTaskRunner#boundToNode}: task processes die with this node, and the build fails
         * where that cannot be done; a runner given here is the caller's to close).
         */
        public Builder taskRunner(TaskRunner value) {
            this.taskRunner = Objects.requireNonNull(value, "taskRunner");
            return this;
        }

        /** Schedule mode ({@link ScheduleMode#LEVELS} by default, ruling 9). */
        public Builder scheduleMode(ScheduleMode value) {
            this.runOptions = runOptions.withMode(value);
            return this;
        }

        /** Time between SIGTERM and SIGKILL when a job is cancelled, times out or the node stops. */
        public Builder gracePeriod(Duration value) {
            this.runOptions = runOptions.withGracePeriod(value);
            return this;
        }

        /** Factotum Server's {@code --webhook}: every accepted job gets {@code --webhook <url>}. */
        public Builder webhook(String url) {
            this.webhook = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Factotum Server's {@code --max-stdouterr-size}, passed with {@code --webhook}. */
        public Builder maxStdouterrSize(int value) {
            this.maxStdouterrSize = value;
            return this;
        }

        /** Factotum Server's {@code --no-colour}, passed to every job. */
        public Builder noColour(boolean value) {
            this.noColour = value;
            return this;
        }

        /** How webhook events are posted (default: {@link HttpWebhookSender}). */
        public Builder webhookSender(WebhookSender value) {
            this.webhookSender = Objects.requireNonNull(value, "webhookSender");
            return this;
        }

        public Builder webhookRetryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /**
         * Refuses a lease that could lapse while a dead node's tasks still run. A node that dies just
         * before a renewal leaves its claims valid for two thirds of the lease; its task watchdog
         * stops its tasks within the grace period of its death. Only if the first outlasts the
         * second can no other node start a task again while the dead node's run still goes on.
         *
         * @throws IllegalStateException if two thirds of {@code lease} do not exceed {@code grace}
         */
        static void requireLeaseOutlastsGrace(Duration lease, Duration grace) {
            if (lease.multipliedBy(2).dividedBy(3).compareTo(grace) <= 0) {
                throw new IllegalStateException("The claim lease (" + lease + ") must be more than 1.5 times the "
                        + "grace period (" + grace + "): a dead node's tasks may take the grace period to stop, "
                        + "and its jobs must not be taken over before");
            }
        }

        /** How long a claim lasts without renewal; a dead node's jobs are taken over after it. */
        public Builder lease(Duration value) {
            this.lease = Objects.requireNonNull(value, "lease");
            return this;
        }

        /** How often an idle node looks for jobs queued by other nodes. */
        public Builder pollInterval(Duration value) {
            this.pollInterval = Objects.requireNonNull(value, "pollInterval");
            return this;
        }

        /** How many trailing characters of each task's stdout/stderr the run history keeps. */
        public Builder maxStoredOutput(int value) {
            this.maxStoredOutput = value;
            return this;
        }

        /**
         * @throws IllegalStateException without a storage; with the default task runner, where task
         *     processes cannot be bound to this node (no {@code posix_spawnp}), or where the lease is
         *     too short for the grace period (two thirds of it must exceed the grace period, so that a
         *     dead node's tasks have stopped before its jobs can be taken over)
         */
        public Factotum build() {
            if (storage == null) {
                throw new IllegalStateException("a storage is required");
            }
            if (runner == null && taskRunner == null) {
                requireLeaseOutlastsGrace(lease, runOptions.gracePeriod());
            }
            List<String> serverArgs = new ArrayList<>();
            if (webhook != null && !webhook.isEmpty()) {
                serverArgs.add("--webhook");
                serverArgs.add(webhook);
                if (maxStdouterrSize != null) {
                    serverArgs.add("--max-stdouterr-size");
                    serverArgs.add(Integer.toString(maxStdouterrSize));
                }
            }
            if (noColour) {
                serverArgs.add("--no-colour");
            }
            WebhookRelay relay = new WebhookRelay(storage.outbox(),
                    webhookSender != null ? webhookSender : new HttpWebhookSender(), retryPolicy, clock);
            // The default runs tasks bound to this node: they die with it (issue 7 item 5).
            Optional<ProcessTaskRunner> ownRunner = runner == null && taskRunner == null
                    ? Optional.of(ProcessTaskRunner.boundToNode(nodeId, runOptions.gracePeriod()))
                    : Optional.empty();
            JobRunner jobRunner = runner != null ? runner
                    : new InProcessJobRunner(taskRunner != null ? taskRunner : ownRunner.orElseThrow(), clock,
                            runOptions, Optional.of(relay),
                            shellVariables ? VariableQuoting.AS_GIVEN : VariableQuoting.ESCAPED);
            Duration shutdownWait = runOptions.gracePeriod().plusSeconds(10);
            SchedulerConfig config = new SchedulerConfig(nodeId, maxWorkers, maxJobs, jobTimeout, lease, pollInterval,
                    maxStoredOutput, serverArgs, shutdownWait);
            return new Factotum(new Scheduler(storage, jobRunner, clock, config, Optional.of(relay)), ownRunner);
        }
    }
}
