package io.factotum.server;

import java.time.Duration;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The shutdown rule with the scheduler library: running jobs are stopped at once and continued. */
class ShutdownOnLibraryTest extends ShutdownTest {
    @Override
    ServerConfig rocks(Duration grace) {
        return super.rocks(grace).withScheduler(ServerConfig.SchedulerKind.LIBRARY);
    }

    @Test
    @Disabled("the library stops running jobs at once: it has no shutdown grace period yet")
    @Override
    void jobsThatFinishWithinTheGraceEndDone() {
    }
}
