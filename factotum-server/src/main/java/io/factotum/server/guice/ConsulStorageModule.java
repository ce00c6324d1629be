package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.server.ServerConfig;
import io.factotum.store.Storage;
import io.factotum.store.consul.ConsulSettings;
import io.factotum.store.consul.ConsulStorage;
import java.time.Clock;

/**
 * {@code --store consul}: every server on the same Consul agent and {@code --consul-namespace} is one
 * job server (one queue, cluster-wide dedup, fail-over); {@code --consul-name} names this node.
 */
public final class ConsulStorageModule extends AbstractModule {
    @Provides
    @Singleton
    Storage storage(ServerConfig config, Clock clock) {
        return ConsulStorage.open(new ConsulSettings(config.consulIp(), config.consulPort(), config.consulNamespace(),
                config.consulToken(), ConsulSettings.DEFAULT_REQUEST_TIMEOUT), clock);
    }
}
