package io.factotum.server;

import io.factotum.engine.JobExecution;
import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.TaskSnapshot;
import io.factotum.job.JobRequest;
import io.factotum.scheduler.InvalidJobException;
import io.factotum.scheduler.JobRunner;
import io.factotum.scheduler.RunRequest;
import io.factotum.scheduler.WebhookRelay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs jobs through a scheduler {@link JobRunner}: {@link io.factotum.scheduler.InProcessJobRunner}
 * (webhook events through the store's outbox, so undelivered ones survive a restart) or
 * {@link io.factotum.cli.external.ExternalCliJobRunner} for {@code --factotum-bin}.
 */
public final class JobRunnerLauncher implements JobLauncher {
    private final JobRunner runner;
    private final String command;
    private final Optional<WebhookRelay> webhooks;

    /**
     * @param command how the dry-run command is shown in messages: the binary's path, or
     *     {@code factotum} in process
     * @param webhooks the relay the runner posts through, started and closed with this launcher
     */
    public JobRunnerLauncher(JobRunner runner, String command, Optional<WebhookRelay> webhooks) {
        this.runner = runner;
        this.command = command;
        this.webhooks = webhooks;
    }

    @Override
    public void start() {
        webhooks.ifPresent(WebhookRelay::replayPending);
    }

    @Override
    public Optional<String> validate(String factfilePath, List<String> clientArgs) {
        try {
            runner.validate(factfilePath, clientArgs);
            return Optional.empty();
        } catch (InvalidJobException e) {
            List<String> line = new ArrayList<>(List.of(command, "run", factfilePath, "--dry-run"));
            line.addAll(clientArgs);
            return Optional.of("Failed to execute command: [" + String.join(" ", line) + "] - " + e.getMessage());
        }
    }

    @Override
    public Launch start(JobRequest job, String runReference, Instant startedAt, Map<String, TaskSnapshot> prior,
            JobListener listener) throws LaunchException {
        JobExecution execution;
        try {
            execution = runner.start(new RunRequest(job, runReference, startedAt, prior, listener));
        } catch (InvalidJobException e) {
            throw new LaunchException(e.getMessage(), e);
        }
        return new Launch() {
            @Override
            public void stop() {
                execution.requestShutdown();
            }

            @Override
            public boolean await() throws InterruptedException {
                JobOutcome outcome = execution.await();
                return !outcome.hasErrors() && !outcome.shutdownRequested();
            }
        };
    }

    @Override
    public void close() {
        webhooks.ifPresent(WebhookRelay::close);
    }
}
