package io.factotum.scheduler;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRequest;
import io.factotum.job.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The job side of a cluster for schedule tests: one shared table of jobs, each running for
 * {@code jobDuration} after its submission (on the given clock), then DONE. Counts every accepted
 * submission per {@code scheduled_time} tag. Thread-safe.
 */
public final class FakeScheduledJobs implements ScheduledJobs {
    private final Clock clock;
    private final Duration jobDuration;
    private final Map<String, Instant> submittedAt = new TreeMap<>();
    private final Map<String, JobRequest> requests = new TreeMap<>();
    private final Map<String, Integer> acceptedByFireTime = new TreeMap<>();
    private int duplicates;

    public FakeScheduledJobs(Clock clock, Duration jobDuration) {
        this.clock = clock;
        this.jobDuration = jobDuration;
    }

    @Override
    public synchronized SubmitResult submit(SubmitRequest request) {
        String id = jobIdOf(request).orElseThrow();
        if (requests.containsKey(id) && !isDone(id)) {
            duplicates++;
            return new SubmitResult.Duplicate(id);
        }
        submittedAt.put(id, clock.instant());
        requests.put(id, new JobRequest(id, request.jobName(), request.factfilePath(), request.factfileArgs()));
        acceptedByFireTime.merge(scheduledTime(request), 1, Integer::sum);
        return new SubmitResult.Accepted(id);
    }

    @Override
    public synchronized Optional<JobEntry> check(String jobId) {
        JobRequest request = requests.get(jobId);
        if (request == null) {
            return Optional.empty();
        }
        JobEntry running = JobEntry.queued(request, "n").working("n");
        return Optional.of(isDone(jobId) ? running.done(RunOutcome.SUCCEEDED, "n") : running);
    }

    private boolean isDone(String jobId) {
        return !clock.instant().isBefore(submittedAt.get(jobId).plus(jobDuration));
    }

    @Override
    public Optional<String> jobIdOf(SubmitRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.jobName().getBytes(StandardCharsets.UTF_8));
            for (String arg : request.factfileArgs()) {
                digest.update((arg + "\0").getBytes(StandardCharsets.UTF_8));
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request's {@code scheduled_time} tag value. */
    public static String scheduledTime(SubmitRequest request) {
        List<String> args = request.factfileArgs();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--tag") && args.get(i + 1).startsWith("scheduled_time,")) {
                return args.get(i + 1).substring("scheduled_time,".length());
            }
        }
        throw new AssertionError("no scheduled_time tag in " + args);
    }

    /** Accepted submissions per scheduled time, in time-text order. */
    public synchronized Map<String, Integer> acceptedByFireTime() {
        return new TreeMap<>(acceptedByFireTime);
    }

    public synchronized int duplicates() {
        return duplicates;
    }
}
