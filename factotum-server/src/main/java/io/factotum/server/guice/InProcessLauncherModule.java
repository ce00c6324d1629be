package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.engine.ProcessTaskRunner;
import io.factotum.engine.RunOptions;
import io.factotum.scheduler.InProcessJobRunner;
import io.factotum.scheduler.WebhookRelay;
import io.factotum.server.CountingWebhookSender;
import io.factotum.server.JobLauncher;
import io.factotum.server.JobRunnerLauncher;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.store.Storage;
import io.factotum.webhook.HttpWebhookSender;
import io.factotum.webhook.RetryPolicy;
import java.time.Clock;
import java.util.Optional;

/** No {@code --factotum-bin}: jobs run on the in-process engine, webhooks through the store's outbox. */
public final class InProcessLauncherModule extends AbstractModule {
    @Provides
    @Singleton
    JobLauncher launcher(ServerConfig config, Storage storage, Clock clock, ServerMetrics metrics) {
        WebhookRelay relay = new WebhookRelay(storage.outbox(),
                new CountingWebhookSender(new HttpWebhookSender(), metrics), RetryPolicy.defaults(), clock);
        InProcessJobRunner runner = new InProcessJobRunner(new ProcessTaskRunner(), clock,
                RunOptions.defaults().withMode(config.schedule()), Optional.of(relay));
        return new JobRunnerLauncher(runner, "factotum", Optional.of(relay));
    }
}
