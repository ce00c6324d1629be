package io.factotum.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a scheduler node runs.
 *
 * @param nodeId this node's id: {@code lastRunFrom}, claim owner ({@code --consul-name})
 * @param maxWorkers how many jobs run at once ({@code --max-workers})
 * @param maxJobs how many jobs may wait in the queue ({@code --max-jobs})
 * @param jobTimeout the default time a job may run; empty for none (a request may override it)
 * @param lease how long a claim lasts without renewal; renewed every third of it
 * @param pollInterval how often an idle node looks at the queue for jobs submitted elsewhere
 * @param maxStoredOutput how many trailing characters of each task's stdout and stderr the run
 *     history keeps
 * @param serverArgs arguments appended to every accepted job's {@code factfileArgs} (server spec 5.3)
 * @param shutdownWait how long {@code stop} waits for running jobs to stop
 */
public record SchedulerConfig(String nodeId, int maxWorkers, int maxJobs, Optional<Duration> jobTimeout,
        Duration lease, Duration pollInterval, int maxStoredOutput, List<String> serverArgs, Duration shutdownWait) {
    public SchedulerConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        if (maxWorkers < 1 || maxJobs < 1) {
            throw new IllegalArgumentException("maxWorkers and maxJobs must be at least 1");
        }
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxStoredOutput < 0) {
            throw new IllegalArgumentException("maxStoredOutput must not be negative");
        }
        serverArgs = List.copyOf(serverArgs);
        Objects.requireNonNull(shutdownWait, "shutdownWait");
    }
}
