package io.factotum.scheduler;

import io.factotum.factfile.FactfileException;
import io.factotum.job.JobEntry;
import io.factotum.job.JobId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the {@link ScheduleFirer} needs of the job side: submit a job, read a job's entry, and know
 * the id a request would get. The server passes its own submit path (with its security checks);
 * {@link #of} adapts the library's {@code Factotum}.
 */
public interface ScheduledJobs {
    /** Submits as {@code /submit} does. */
    SubmitResult submit(SubmitRequest request);

    /** The stored entry of a job. */
    Optional<JobEntry> check(String jobId);

    /**
     * The id {@code request} would be given (server spec 5.1: factfile text and tags), or empty when
     * it cannot be computed (unreadable or invalid factfile: submitting will say why).
     */
    default Optional<String> jobIdOf(SubmitRequest request) {
        return jobIdFromFile(request);
    }

    /** The id from the factfile on this host's disk and the request's tags. */
    static Optional<String> jobIdFromFile(SubmitRequest request) {
        try {
            String text = Files.readString(Path.of(request.factfilePath()), StandardCharsets.UTF_8);
            return Optional.of(JobId.compute(text, FactfileArgs.parse(request.factfileArgs()).tags()));
        } catch (IOException | InvalidPathException | FactfileException | FactfileArgsException e) {
            return Optional.empty();
        }
    }

    /** From a submit and a check function, e.g. {@code ScheduledJobs.of(factotum::submit, factotum::check)}. */
    static ScheduledJobs of(java.util.function.Function<SubmitRequest, SubmitResult> submit,
            java.util.function.Function<String, Optional<JobEntry>> check) {
        return new ScheduledJobs() {
            @Override
            public SubmitResult submit(SubmitRequest request) {
                return submit.apply(request);
            }

            @Override
            public Optional<JobEntry> check(String jobId) {
                return check.apply(jobId);
            }
        };
    }
}
