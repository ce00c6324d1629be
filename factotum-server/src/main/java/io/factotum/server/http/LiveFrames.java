package io.factotum.server.http;

import io.factotum.server.events.EventIds;
import io.factotum.server.events.ServerEvent;
import java.nio.charset.StandardCharsets;

/**
 * The encoded {@code text/event-stream} frame of a live journal event, made once for all the clients
 * it goes to: the journal's fan-out hands each event to every subscriber in turn, so remembering the
 * last event encoded turns one encoding per client into one per event. Thread-safe: a miss (another
 * thread's event in between) only encodes again.
 */
final class LiveFrames {
    private final EventIds ids;
    private volatile Encoded last;

    private record Encoded(ServerEvent event, byte[] frame) {
    }

    LiveFrames(EventIds ids) {
        this.ids = ids;
    }

    /** The frame of {@code event} (with its journal id); the array is shared, so only read it. */
    byte[] of(ServerEvent event) {
        Encoded e = last;
        if (e != null && e.event() == event) {
            return e.frame();
        }
        byte[] frame = EventClient.frame(event.type(), ids.format(event.seq()), event.data())
                .getBytes(StandardCharsets.UTF_8);
        last = new Encoded(event, frame);
        return frame;
    }
}
