package io.factotum.job;

import java.util.List;
import java.util.Objects;

/**
 * A submitted job as Factotum Server stores it ({@code jobRequest}, server spec sections 3.4 and 7):
 * the request after the id was computed and the server's own arguments were appended.
 *
 * @param jobId the 64-hex job id (server spec 5.1)
 * @param jobName the client's label, not part of the id
 * @param factfilePath the factfile's path on the server host
 * @param factfileArgs the Factotum CLI arguments, client's first, then the server's
 */
public record JobRequest(String jobId, String jobName, String factfilePath, List<String> factfileArgs) {
    public JobRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(factfilePath, "factfilePath");
        factfileArgs = List.copyOf(factfileArgs);
    }
}
