package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.store.Storage;
import io.factotum.store.memory.InMemoryStorage;
import java.time.Clock;

/** {@code --store memory}: nothing survives a restart. */
public final class InMemoryStorageModule extends AbstractModule {
    @Provides
    @Singleton
    Storage storage(Clock clock) {
        return new InMemoryStorage(clock);
    }
}
