package io.factotum.scheduler;

import io.factotum.job.JobEntry;
import io.factotum.job.JobState;
import io.factotum.schedule.CronSchedule;
import io.factotum.schedule.OverlapPolicy;
import io.factotum.schedule.Schedule;
import io.factotum.schedule.ScheduleTick;
import io.factotum.schedule.TickOutcome;
import io.factotum.store.ScheduleStore;
import io.factotum.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Fires the stored schedules' ticks from one node; every node of a cluster runs one, on the shared
 * {@link ScheduleStore}. No leader: each tick is claimed with the store's check-and-set on the tick
 * itself ({@link ScheduleStore#claimTick}), so exactly one node fires it whatever the nodes' clocks
 * say. A node that dies between its claim and the tick's outcome leaves an open tick; after
 * {@link ScheduleFirerConfig#claimTimeout()} another node takes it over and first looks whether the
 * dead node's job was submitted already (the job id is a function of the request), so the tick
 * fires once, not zero or two times.
 *
 * <p>Each fire submits the schedule's request with two tags in front of its arguments:
 * {@code --tag schedule,<name>} and {@code --tag scheduled_time,<fire time>} (ISO-8601 with the
 * schedule zone's offset). The factfile reads them as {@code {{ tag:scheduled_time }}}, and since
 * tags are part of the job id every fire is its own job.
 *
 * <p>Driven by the injected {@link Clock}: {@link #fireDue()} is one pass, which tests call directly;
 * {@link #start()} runs passes every {@link ScheduleFirerConfig#pollInterval()}.
 */
public final class ScheduleFirer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ScheduleFirer.class);
    /** Ticks looked at per schedule and pass; after a long outage the next passes go on. */
    static final int MAX_DUE_PER_PASS = 2000;
    /** Fires that may wait behind a running job under the {@code queue} policy; more are skipped. */
    public static final int MAX_WAITING = 10;

    private final ScheduleStore store;
    private final ScheduledJobs jobs;
    private final Clock clock;
    private final String nodeId;
    private final ScheduleFirerConfig config;
    private ScheduledExecutorService executor;

    public ScheduleFirer(ScheduleStore store, ScheduledJobs jobs, Clock clock, String nodeId, ScheduleFirerConfig config) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Runs {@link #fireDue()} every poll interval on a thread of its own, until {@link #close()}. */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "schedule-firer");
            t.setDaemon(true);
            return t;
        });
        long period = config.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::fireDueQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void fireDueQuietly() {
        try {
            fireDue();
        } catch (RuntimeException e) {
            LOG.warn("Schedule pass failed, next pass in {}: {}", config.pollInterval(), e.getMessage());
        }
    }

    /**
     * One pass over every schedule: takes over ticks dead nodes left open, submits queued fires whose
     * turn came, then claims and fires the ticks due by now.
     *
     * @throws StoreException if the store cannot be read; ticks not recorded stay due
     */
    public void fireDue() {
        for (Schedule schedule : store.list()) {
            if (schedule.paused()) {
                continue;
            }
            try {
                fireDue(schedule);
            } catch (StoreException e) {
                // An open claim is taken over later; an unclaimed tick is still due.
                LOG.warn("Schedule '{}': store unavailable, ticks stay due: {}", schedule.name(), e.getMessage());
            }
        }
    }

    private void fireDue(Schedule schedule) {
        Instant now = clock.instant();
        List<ScheduleTick> retained = store.ticks(schedule.name());
        takeOverAbandoned(schedule, retained, now);
        startWaiting(schedule, retained);

        Instant from = store.lastClaimed(schedule.name()).filter(c -> c.isAfter(schedule.createdAt()))
                .orElse(schedule.createdAt());
        CronSchedule cron = schedule.cronSchedule();
        List<Instant> due = new ArrayList<>();
        Instant at = from;
        while (due.size() < MAX_DUE_PER_PASS) {
            Optional<Instant> next = cron.nextAfter(at);
            if (next.isEmpty() || next.get().isAfter(now)) {
                break;
            }
            at = next.get();
            due.add(at);
        }
        if (due.isEmpty()) {
            return;
        }
        boolean misfire = isLate(due.get(0), now);
        boolean moreDue = due.size() == MAX_DUE_PER_PASS;
        for (int i = 0; i < due.size(); i++) {
            Instant fireTime = due.get(i);
            Optional<ScheduleTick> claimed = store.claimTick(schedule.name(), fireTime, nodeId, now);
            if (claimed.isEmpty()) {
                continue; // another node has it
            }
            boolean fires = !misfire || (!moreDue && (schedule.misfire().catchUp() == 0
                    ? !isLate(fireTime, now)
                    : i >= due.size() - schedule.misfire().catchUp()));
            if (fires) {
                fire(schedule, claimed.get(), false);
            } else {
                record(claimed.get(), TickOutcome.Kind.SKIPPED, Optional.empty(), "missed: found at " + now
                        + ", misfire policy " + schedule.misfire().apiName());
            }
        }
        if (retained.size() + due.size() > config.keepTicks() + 20) {
            store.pruneTicks(schedule.name(), config.keepTicks());
        }
    }

    private boolean isLate(Instant fireTime, Instant now) {
        return Duration.between(fireTime, now).compareTo(config.misfireGrace()) > 0;
    }

    /** Open ticks whose claim is older than the claim timeout: their node died mid-fire. */
    private void takeOverAbandoned(Schedule schedule, List<ScheduleTick> retained, Instant now) {
        List<ScheduleTick> open = retained.stream().filter(ScheduleTick::isOpen)
                .filter(t -> t.claimedAt().plus(config.claimTimeout()).isBefore(now))
                .sorted(Comparator.comparing(ScheduleTick::fireTime)).toList();
        for (ScheduleTick abandoned : open) {
            ScheduleTick mine = abandoned.reclaimedBy(nodeId, now);
            if (store.updateTick(abandoned, mine)) {
                LOG.info("Schedule '{}': taking over tick {} left open by node {}", schedule.name(),
                        abandoned.fireTime(), abandoned.nodeId());
                fire(schedule, mine, true);
            }
        }
    }

    /** The oldest waiting fire is submitted once the job it waits for is DONE. */
    private void startWaiting(Schedule schedule, List<ScheduleTick> retained) {
        Optional<ScheduleTick> oldest = retained.stream().filter(ScheduleTick::isWaiting)
                .min(Comparator.comparing(ScheduleTick::fireTime));
        if (oldest.isEmpty()) {
            return;
        }
        Optional<String> waitsFor = oldest.get().outcome().flatMap(TickOutcome::jobId);
        if (waitsFor.flatMap(this::busyState).isPresent()) {
            return;
        }
        ScheduleTick mine = oldest.get().reclaimedBy(nodeId, clock.instant());
        if (store.updateTick(oldest.get(), mine)) {
            fire(schedule, mine, false);
        }
    }

    /** The job's state if it exists and is not DONE. */
    private Optional<JobState> busyState(String jobId) {
        return jobs.check(jobId).map(JobEntry::state).filter(s -> s != JobState.DONE);
    }

    private void fire(Schedule schedule, ScheduleTick tick, boolean takenOver) {
        SubmitRequest request = request(schedule, tick.fireTime());
        if (takenOver) {
            Optional<String> id = jobs.jobIdOf(request);
            if (id.isPresent() && jobs.check(id.get()).isPresent()) {
                record(tick, TickOutcome.Kind.SUBMITTED, id, "submitted before its first node stopped");
                return;
            }
        }
        List<ScheduleTick> history = store.ticks(schedule.name());
        Optional<String> previous = history.stream()
                .filter(t -> t.fireTime().isBefore(tick.fireTime()))
                .filter(t -> t.outcome().map(o -> o.kind() == TickOutcome.Kind.SUBMITTED).orElse(false))
                .findFirst().flatMap(t -> t.outcome().get().jobId());
        Optional<JobState> previousState = previous.flatMap(this::busyState);
        long waitingBefore = history.stream().filter(ScheduleTick::isWaiting)
                .filter(t -> t.fireTime().isBefore(tick.fireTime())).count();
        if (schedule.overlap() == OverlapPolicy.QUEUE && (previousState.isPresent() || waitingBefore > 0)) {
            if (waitingBefore >= MAX_WAITING) {
                record(tick, TickOutcome.Kind.SKIPPED, previous, MAX_WAITING + " fires wait already (overlap queue)");
            } else {
                record(tick, TickOutcome.Kind.WAITING, previous, "waiting for job " + previous.orElse("?")
                        + " (overlap queue)");
            }
            return;
        }
        if (schedule.overlap() == OverlapPolicy.SKIP && previousState.isPresent()) {
            record(tick, TickOutcome.Kind.SKIPPED, previous, "previous job is " + previousState.get() + " (overlap skip)");
            return;
        }
        SubmitResult result;
        try {
            result = jobs.submit(request);
        } catch (StoreException e) {
            LOG.warn("Schedule '{}': tick {} not submitted, store unavailable; retried after {}: {}",
                    schedule.name(), tick.fireTime(), config.claimTimeout(), e.getMessage());
            return;
        }
        if (result instanceof SubmitResult.Accepted accepted) {
            record(tick, TickOutcome.Kind.SUBMITTED, Optional.of(accepted.jobId()), "submitted");
        } else if (result instanceof SubmitResult.Duplicate duplicate) {
            record(tick, TickOutcome.Kind.SUBMITTED, Optional.of(duplicate.jobId()), "already submitted");
        } else {
            record(tick, TickOutcome.Kind.FAILED, Optional.empty(), result.message());
        }
    }

    private void record(ScheduleTick tick, TickOutcome.Kind kind, Optional<String> jobId, String detail) {
        ScheduleTick done = tick.withOutcome(new TickOutcome(kind, jobId, detail, clock.instant()));
        if (!store.updateTick(tick, done)) {
            LOG.warn("Schedule '{}': tick {} was taken over or deleted before its outcome ({}) was recorded", tick.schedule(),
                    tick.fireTime(), kind);
        } else {
            LOG.debug("Schedule '{}': tick {} {} {}", tick.schedule(), tick.fireTime(), kind, detail);
        }
    }

    /** The schedule's request for one fire: the two schedule tags first, then the schedule's arguments. */
    public static SubmitRequest request(Schedule schedule, Instant fireTime) {
        List<String> args = new ArrayList<>(List.of("--tag", "schedule," + schedule.name(), "--tag",
                "scheduled_time," + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(fireTime.atZone(schedule.timeZone()))));
        args.addAll(schedule.factfileArgs());
        return new SubmitRequest(schedule.jobName(), schedule.factfilePath(), args, Optional.empty());
    }
}
