package io.factotum;

import io.factotum.store.memory.InMemoryStorage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fail closed: a lease that could lapse before a dead node's tasks have stopped is refused. */
@EnabledOnOs(OS.LINUX) // the default, node-bound task runner
class FactotumBuilderTest {
    @Test
    void aLeaseThatCouldLapseWithinTheGracePeriodIsRefused() {
        try (InMemoryStorage storage = new InMemoryStorage()) {
            // Dead just before a renewal, a node's claims hold for 2/3 of the lease: 4 s < 5 s of grace.
            assertThatThrownBy(() -> Factotum.builder().storage(storage).gracePeriod(Duration.ofSeconds(5))
                    .lease(Duration.ofSeconds(6)).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be more than 1.5 times the grace period");
        }
    }

    @Test
    void theDefaultLeaseOutlastsTheDefaultGracePeriod() {
        try (InMemoryStorage storage = new InMemoryStorage()) {
            assertThatCode(() -> Factotum.builder().storage(storage).build().close()).doesNotThrowAnyException();
        }
    }
}
