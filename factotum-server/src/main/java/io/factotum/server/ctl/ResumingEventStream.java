package io.factotum.server.ctl;

import java.io.IOException;
import java.util.Optional;

/**
 * One of the server's event streams, read across reconnections: each reconnection sends the id of
 * the last event read ({@code Last-Event-ID}), so nothing is missed or repeated; after
 * {@value #MAX_DROPS_IN_A_ROW} drops in a row without an event in between it gives up.
 */
final class ResumingEventStream {
    static final int MAX_DROPS_IN_A_ROW = 5;

    private final ServerClient client;
    private final String path;
    private String lastId = "";
    private int drops;

    ResumingEventStream(ServerClient client, String path) {
        this.client = client;
        this.path = path;
    }

    /** Whether no event was read yet. */
    boolean atStart() {
        return lastId.isEmpty();
    }

    /** Connects, resuming after the last event read; empty if refused, with the reason in {@code refusal}. */
    Optional<ServerSentEvents> connect(StringBuilder refusal) throws ServerClient.Unreachable {
        return client.events(path, lastId, refusal).map(ServerSentEvents::new);
    }

    /** The next event of {@code events} (a connection of this stream), remembered as where to resume. */
    Optional<ServerSentEvents.Event> next(ServerSentEvents events) throws IOException {
        Optional<ServerSentEvents.Event> next = events.next();
        if (next.isPresent()) {
            lastId = events.lastEventId();
            drops = 0;
        }
        return next;
    }

    /**
     * After a connection ended: a back-off, growing with the drops in a row, before reconnecting.
     *
     * @param giveUp the message once the stream dropped too often in a row
     * @return false if interrupted while waiting (the thread's interrupt flag is set again)
     * @throws ServerClient.Unreachable after {@value #MAX_DROPS_IN_A_ROW} drops in a row
     */
    boolean awaitReconnect(String giveUp) throws ServerClient.Unreachable {
        if (++drops > MAX_DROPS_IN_A_ROW) {
            throw new ServerClient.Unreachable(giveUp);
        }
        try {
            Thread.sleep(200L * drops); // a back-off before reconnecting, not a synchronisation
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
