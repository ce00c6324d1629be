package io.factotum.server;

import io.factotum.job.JobEntry;
import io.factotum.schedule.CronSchedule;
import io.factotum.schedule.InvalidScheduleException;
import io.factotum.schedule.MisfirePolicy;
import io.factotum.schedule.OverlapPolicy;
import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleTick;
import io.factotum.scheduler.FactfileArgs;
import io.factotum.scheduler.FactfileArgsException;
import io.factotum.scheduler.ScheduleFirer;
import io.factotum.scheduler.ScheduleFirerConfig;
import io.factotum.scheduler.ScheduledJobs;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import io.factotum.store.ScheduleStore;
import io.factotum.store.Storage;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The server's schedules: CRUD over the store's {@link ScheduleStore} and this node's
 * {@link ScheduleFirer}, which submits through {@link JobService} (so the factfile roots apply to every
 * fire). The firer runs only while the server is in {@code run} mode; a draining or stopping node
 * claims no ticks, so its peers fire them.
 */
public final class ScheduleService implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ScheduleService.class);
    private static final String VALIDATION = "Validation Error: ";
    /** Every node reads every schedule each second: a bound, so that no client can make that unbounded. */
    public static final int MAX_SCHEDULES = 1000;

    /** What a create did. */
    public sealed interface CreateResult {
        record Created(Schedule schedule) implements CreateResult { }

        record Exists(String name) implements CreateResult { }

        /** The message says which field and why. */
        record Invalid(String message) implements CreateResult { }
    }

    /** A create request's fields; absent optionals take the defaults. */
    public record ScheduleRequest(String name, String cron, Optional<String> timeZone, String jobName,
            String factfilePath, List<String> factfileArgs, Optional<String> overlap, Optional<String> misfire) {
        public ScheduleRequest {
            factfileArgs = List.copyOf(factfileArgs);
        }
    }

    private final Optional<ScheduleStore> store;
    private final JobService jobs;
    private final ServerState state;
    private final Clock clock;
    private final FactfileRoots roots;
    private final ScheduleFirerConfig firerConfig;
    private final Optional<ScheduleFirer> firer;
    private ScheduledExecutorService loop;

    public ScheduleService(Storage storage, JobService jobs, ServerState state, Clock clock, ServerConfig config,
            FactfileRoots roots) {
        this.store = storage.schedules();
        this.jobs = jobs;
        this.state = state;
        this.clock = clock;
        this.roots = roots;
        this.firerConfig = ScheduleFirerConfig.DEFAULTS;
        this.firer = store.map(s -> new ScheduleFirer(s, new ThroughJobService(), clock, config.nodeId(), firerConfig));
    }

    /** Whether the store keeps schedules (every built-in store does). */
    public boolean available() {
        return store.isPresent();
    }

    /** Starts firing (every poll interval, while in run mode). */
    public synchronized void start() {
        if (firer.isEmpty() || loop != null) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "schedule-firer");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::pass, 0, firerConfig.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pass() {
        if (state.isShuttingDown() || state.mode() != ServerState.Mode.RUN) {
            return;
        }
        try {
            firer.orElseThrow().fireDue();
        } catch (RuntimeException e) {
            LOG.warn("Schedule pass failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Validates and stores a new schedule; nothing is stored unless every field is valid. */
    public CreateResult create(ScheduleRequest r) {
        ScheduleStore schedules = store.orElseThrow();
        Schedule schedule;
        try {
            ZoneId zone = r.timeZone().map(Schedule::zone).orElse(ZoneId.systemDefault());
            OverlapPolicy overlap = r.overlap().map(OverlapPolicy::parse).orElse(OverlapPolicy.SKIP);
            MisfirePolicy misfire = r.misfire().map(MisfirePolicy::parse).orElse(MisfirePolicy.ONCE);
            schedule = new Schedule(r.name(), r.cron(), zone, r.jobName(), r.factfilePath(), r.factfileArgs(), overlap,
                    misfire, false, clock.instant());
        } catch (InvalidScheduleException e) {
            return new CreateResult.Invalid(e.getMessage());
        }
        if (!roots.allows(r.factfilePath())) {
            return new CreateResult.Invalid("Value is outside every factfile root for 'factfilePath':'" + r.factfilePath() + "'");
        }
        if (!exists(r.factfilePath())) {
            return new CreateResult.Invalid("Value does not exist on host for 'factfilePath':'" + r.factfilePath() + "'");
        }
        try {
            FactfileArgs.parse(ScheduleFirer.request(schedule, clock.instant()).factfileArgs());
        } catch (FactfileArgsException e) {
            return new CreateResult.Invalid("Error parsing factfile args: " + e.getMessage());
        }
        if (schedules.list().size() >= MAX_SCHEDULES) {
            return new CreateResult.Invalid("at most " + MAX_SCHEDULES + " schedules; delete one first");
        }
        return schedules.create(schedule) ? new CreateResult.Created(schedule) : new CreateResult.Exists(r.name());
    }

    private static boolean exists(String path) {
        try {
            return Files.isRegularFile(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    public List<Schedule> list() {
        return store.orElseThrow().list();
    }

    public Optional<Schedule> get(String name) {
        return store.orElseThrow().get(name);
    }

    public boolean delete(String name) {
        return store.orElseThrow().delete(name);
    }

    /** Pauses or resumes; resuming fires only ticks after now (the paused ones are not misfires). */
    public Optional<Schedule> setPaused(String name, boolean paused) {
        ScheduleStore schedules = store.orElseThrow();
        Optional<Schedule> current = schedules.get(name);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (current.get().paused() == paused) {
            return current;
        }
        Schedule next = current.get().withPaused(paused, clock.instant());
        return schedules.update(next) ? Optional.of(next) : Optional.empty();
    }

    /** The next {@code count} fire times from now (or from the schedule's start, if later). */
    public List<Instant> nextFireTimes(Schedule schedule, int count) {
        Instant now = clock.instant();
        Instant from = schedule.createdAt().isAfter(now) ? schedule.createdAt() : now;
        Instant cursor = store.orElseThrow().lastClaimed(schedule.name()).orElse(from);
        return CronSchedule.parse(schedule.cron(), schedule.timeZone()).nextAfter(cursor.isAfter(from) ? cursor : from, count);
    }

    /** The recorded fires, newest first. */
    public List<ScheduleTick> recentFires(String name, int limit) {
        List<ScheduleTick> ticks = store.orElseThrow().ticks(name);
        return ticks.subList(0, Math.min(limit, ticks.size()));
    }

    /** Fires go through the server's own submit path: factfile roots, validation, duplicate rule. */
    private final class ThroughJobService implements ScheduledJobs {
        @Override
        public SubmitResult submit(SubmitRequest request) {
            JobService.SubmitResult result = jobs.submit(new JobService.JobSubmission(request.jobName(),
                    request.factfilePath(), request.factfileArgs()));
            if (result instanceof JobService.SubmitResult.Accepted a) {
                return new SubmitResult.Accepted(a.jobId());
            }
            if (result instanceof JobService.SubmitResult.Duplicate d) {
                return new SubmitResult.Duplicate(d.jobId());
            }
            if (result instanceof JobService.SubmitResult.QueueFull q) {
                return new SubmitResult.QueueFull(q.queued(), q.maxJobs());
            }
            return new SubmitResult.Invalid(VALIDATION + ((JobService.SubmitResult.Invalid) result).message());
        }

        @Override
        public Optional<JobEntry> check(String jobId) {
            return jobs.check(jobId);
        }
    }
}
