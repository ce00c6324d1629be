package io.factotum.server;

import java.time.Duration;

/** The shutdown rule with the scheduler library behind the API. */
class ShutdownOnLibraryTest extends ShutdownTest {
    @Override
    ServerConfig rocks(Duration grace) {
        return super.rocks(grace).withScheduler(ServerConfig.SchedulerKind.LIBRARY);
    }
}
