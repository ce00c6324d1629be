package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A suite against one server per test, started on a free port with the default test configuration. */
abstract class RunningServerTest {
    @TempDir
    Path dir;
    TestServer http;

    /** The configuration every test starts from. */
    ServerConfig config() {
        return TestServer.config(dir);
    }

    @BeforeEach
    void start() {
        http = new TestServer(config());
    }

    @AfterEach
    void stop() {
        http.close();
    }

    /** No request of the suite may ever be answered with a 5xx (see TestServer). */
    @AfterAll
    static void noServerErrors() {
        assertThat(TestServer.SERVER_ERRORS).isEmpty();
    }
}
