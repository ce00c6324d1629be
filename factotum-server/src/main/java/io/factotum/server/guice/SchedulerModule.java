package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.Factotum;
import io.factotum.engine.RunOptions;
import io.factotum.server.CountingWebhookSender;
import io.factotum.server.FactfileRoots;
import io.factotum.server.FactotumJobService;
import io.factotum.server.JobService;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.store.Storage;
import io.factotum.webhook.HttpWebhookSender;
import java.time.Clock;

/**
 * The scheduler library ({@link Factotum}) running jobs on the in-process engine (no
 * {@code --factotum-bin}); webhook events go through the store's outbox.
 */
public final class SchedulerModule extends AbstractModule {
    @Provides
    @Singleton
    JobService scheduler(ServerConfig c, Storage storage, Clock clock, FactfileRoots roots, ServerMetrics metrics) {
        return new FactotumJobService(Factotums.builder(c, storage, clock, metrics).build(), storage, roots, metrics);
    }

    /** The builder settings both library variants share. */
    static final class Factotums {
        static final java.time.Duration CONSUL_SAFETY_POLL = java.time.Duration.ofSeconds(30);

        private Factotums() {
        }

        static Factotum.Builder builder(ServerConfig c, Storage storage, Clock clock, ServerMetrics metrics) {
            Factotum.Builder b = Factotum.builder().storage(storage).nodeId(c.nodeId()).maxWorkers(c.maxWorkers())
                    .maxJobs(c.maxJobs()).lease(c.nodeLease()).clock(clock).scheduleMode(c.schedule()).noColour(c.noColour())
                    .gracePeriod(RunOptions.defaults().gracePeriod()).webhook(c.webhook())
                    .shellVariables(c.shellVariables())
                    .webhookSender(new CountingWebhookSender(new HttpWebhookSender(), metrics));
            c.jobTimeout().ifPresent(b::jobTimeout);
            if (c.store() == ServerConfig.StoreKind.CONSUL) {
                // Consul pushes queue changes (blocking queries): the poll is only a safety net, and an idle cluster stays quiet.
                b.pollInterval(CONSUL_SAFETY_POLL);
            }
            c.maxStdouterrSize().ifPresent(n -> b.maxStdouterrSize((int) Math.min(Integer.MAX_VALUE, n)));
            return b;
        }
    }
}
