package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.JobExecution;
import io.factotum.engine.JobOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownSignalsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ShutdownSignals signals = new ShutdownSignals(new Console(out, new ByteArrayOutputStream(), false));

    /** Counts shutdown requests and lets the test wait for the first. */
    private static final class FakeExecution implements JobExecution {
        final AtomicInteger requests = new AtomicInteger();
        final CountDownLatch requested = new CountDownLatch(1);

        @Override
        public void requestShutdown() {
            requests.incrementAndGet();
            requested.countDown();
        }

        @Override
        public JobOutcome await() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void firstSignalPrintsTheNoticeAndStopsTheRunningJob() throws Exception {
        FakeExecution execution = new FakeExecution();
        signals.register(execution);
        signals.signalled();
        assertThat(execution.requested.await(1, TimeUnit.MINUTES)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("\nReceived shutdown signal, terminating gracefully...\n");
    }

    @Test
    void laterSignalsAreSwallowed() throws Exception {
        FakeExecution execution = new FakeExecution();
        signals.register(execution);
        signals.signalled();
        signals.signalled();
        signals.signalled();
        assertThat(execution.requested.await(1, TimeUnit.MINUTES)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("\nReceived shutdown signal, terminating gracefully...\n");
        assertThat(signals.received()).isTrue();
    }

    @Test
    void aSignalBeforeTheJobStartsStopsItWhenRegistered() throws Exception {
        signals.signalled();
        FakeExecution execution = new FakeExecution();
        signals.register(execution);
        assertThat(execution.requested.await(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void noJobNoRequest() {
        FakeExecution execution = new FakeExecution();
        signals.register(execution);
        signals.unregister();
        signals.signalled();
        assertThat(execution.requests).hasValue(0);
        assertThat(signals.received()).isTrue();
    }
}
