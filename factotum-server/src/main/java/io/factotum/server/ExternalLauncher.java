package io.factotum.server;

import io.factotum.cli.external.ExternalCliJobRunner;
import io.factotum.engine.JobListener;
import io.factotum.engine.TaskSnapshot;
import io.factotum.job.JobRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Runs jobs the original way, through {@code --factotum-bin} (server spec 5.4). */
public final class ExternalLauncher implements JobLauncher {
    private static final Logger LOG = LogManager.getLogger(ExternalLauncher.class);

    private final ExternalCliJobRunner runner;

    public ExternalLauncher(ExternalCliJobRunner runner) {
        this.runner = runner;
    }

    @Override
    public Optional<String> validate(String factfilePath, List<String> clientArgs) throws InterruptedException {
        return runner.dryRun(factfilePath, clientArgs);
    }

    @Override
    public Launch start(JobRequest job, Map<String, TaskSnapshot> prior, JobListener listener) throws LaunchException {
        ExternalCliJobRunner.ExternalRun run;
        try {
            run = runner.start(job.factfilePath(), job.factfileArgs());
        } catch (IOException e) {
            throw new LaunchException("Failed to execute command: " + e.getMessage(), e);
        }
        return new Launch() {
            @Override
            public void stop() {
                run.terminate();
            }

            @Override
            public boolean await() throws InterruptedException {
                int exit = run.await();
                LOG.trace("factotum output for job {}: {}", job.jobId(), run.stdout());
                return exit == 0;
            }
        };
    }
}
