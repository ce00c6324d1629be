package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of {@link Outbox}, run against every backend. */
public abstract class OutboxContract extends StorageContractSupport {
    private static final String URL = "http://127.0.0.1:8080/hook";

    protected OutboxContract(boolean durableAcrossReopen) {
        super(durableAcrossReopen);
    }

    @Test
    void eventsArePeekedInAppendOrder() {
        OutboxEntry first = storage.outbox().append("job-b", URL, "{\"n\":1}");
        clock.advance(Duration.ofSeconds(1));
        OutboxEntry second = storage.outbox().append("job-a", URL, "{\"n\":2}");
        OutboxEntry third = storage.outbox().append("job-b", URL, "{\"n\":3}");

        assertThat(first.sequence()).isLessThan(second.sequence());
        assertThat(second.sequence()).isLessThan(third.sequence());
        assertThat(first.createdAt()).isEqualTo(T0);
        assertThat(second.createdAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(storage.outbox().peek(10)).containsExactly(first, second, third);
        assertThat(storage.outbox().peek(2)).containsExactly(first, second);
        assertThat(storage.outbox().peek("job-b", 10)).containsExactly(first, third);
        assertThat(storage.outbox().peek("job-b", 1)).containsExactly(first);
        assertThat(storage.outbox().peek("job-c", 10)).isEmpty();
    }

    @Test
    void aDeliveredEventIsRemovedOnce() {
        OutboxEntry first = storage.outbox().append("job", URL, "1");
        OutboxEntry second = storage.outbox().append("job", URL, "2");

        assertThat(storage.outbox().remove(first)).isTrue();
        assertThat(storage.outbox().remove(first)).isFalse();

        assertThat(storage.outbox().peek(10)).containsExactly(second);
        assertThat(storage.outbox().peek("job", 10)).containsExactly(second);
        OutboxEntry third = storage.outbox().append("job", URL, "3");
        assertThat(third.sequence()).isGreaterThan(second.sequence());
    }

    @Test
    void largeAndUnicodePayloadsAreKeptExactly() {
        String large = largeText(1_048_576);
        storage.outbox().append(UNICODE, URL + "?q=" + UNICODE, UNICODE);
        storage.outbox().append("job", URL, large);

        List<OutboxEntry> entries = storage.outbox().peek(10);

        assertThat(entries).extracting(OutboxEntry::payload).containsExactly(UNICODE, large);
        assertThat(entries.get(0).jobId()).isEqualTo(UNICODE);
        assertThat(entries.get(0).destination()).isEqualTo(URL + "?q=" + UNICODE);
        assertThat(storage.outbox().peek(UNICODE, 10)).containsExactly(entries.get(0));
    }

    @Test
    void undeliveredEventsSurviveAReopenInOrder() throws Exception {
        OutboxEntry first = storage.outbox().append("job", URL, "1");
        OutboxEntry second = storage.outbox().append("job", URL, "2");
        OutboxEntry third = storage.outbox().append("other", URL, "3");
        storage.outbox().remove(first);

        reopen();

        assertThat(storage.outbox().peek(10)).containsExactly(second, third);
        assertThat(storage.outbox().peek("job", 10)).containsExactly(second);
        OutboxEntry fourth = storage.outbox().append("job", URL, "4");
        assertThat(fourth.sequence()).as("sequences keep growing after a reopen").isGreaterThan(third.sequence());
        assertThat(storage.outbox().peek(10)).containsExactly(second, third, fourth);
    }
}
