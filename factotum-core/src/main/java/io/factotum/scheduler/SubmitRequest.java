package io.factotum.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job to run: Factotum Server's {@code /submit} body (server spec 3.4) plus an optional timeout.
 *
 * @param jobName the client's label, not part of the job id
 * @param factfilePath the factfile on this host (relative paths against the working directory)
 * @param factfileArgs Factotum CLI arguments ({@code --tag}, {@code --env}, {@code --start}, ...)
 * @param timeout overrides the scheduler's job timeout for this job; kept in memory only, so a job
 *     continued after a restart gets the scheduler's default
 */
public record SubmitRequest(String jobName, String factfilePath, List<String> factfileArgs,
        Optional<Duration> timeout) {
    public SubmitRequest {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(factfilePath, "factfilePath");
        factfileArgs = List.copyOf(factfileArgs);
        Objects.requireNonNull(timeout, "timeout");
    }

    public static SubmitRequest of(String jobName, String factfilePath, String... factfileArgs) {
        return new SubmitRequest(jobName, factfilePath, List.of(factfileArgs), Optional.empty());
    }

    public SubmitRequest withTimeout(Duration jobTimeout) {
        return new SubmitRequest(jobName, factfilePath, factfileArgs, Optional.of(jobTimeout));
    }
}
