package io.factotum.server;

/** The same suite with the scheduler library ({@code io.factotum.Factotum}) behind the API. */
class RestApiOnLibraryTest extends RestApiTest {
    @Override
    ServerConfig config() {
        return super.config().withScheduler(ServerConfig.SchedulerKind.LIBRARY);
    }
}
