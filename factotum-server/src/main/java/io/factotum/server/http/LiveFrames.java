package io.factotum.server.http;

import io.factotum.server.events.EventIds;
import io.factotum.server.events.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The encoded {@code text/event-stream} frames of journal events, made once for all the clients they
 * go to: the journal's fan-out hands each event to every subscriber in turn, so remembering the last
 * event encoded turns one encoding per client into one per event; and clients that connect to a
 * running job are replayed the same latest lines. Thread-safe: a miss only encodes again.
 */
final class LiveFrames {
    /** Replay frames kept: a few running tasks' replayed lines (EventStreamHandler.REPLAY_LINES_PER_TASK). */
    private static final int REPLAY_FRAMES = 8192;
    private final EventIds ids;
    private volatile Encoded last;
    /** Replay frames of the most recently replayed events, least recently used dropped first. */
    private final Map<Identity, byte[]> replayed = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, byte[]> eldest) {
            return size() > REPLAY_FRAMES;
        }
    };

    private record Encoded(ServerEvent event, byte[] frame) {
    }

    /** An event as a map key by identity: the journal's own instances are what is replayed again. */
    private record Identity(ServerEvent event) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.event == event;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(event);
        }
    }

    LiveFrames(EventIds ids) {
        this.ids = ids;
    }

    /**
     * The frame of {@code event} without an id, as a replay sends it: the same journal lines are
     * replayed to every client that connects to a running job, so recent ones are kept encoded.
     */
    byte[] replayed(ServerEvent event) {
        synchronized (replayed) {
            byte[] frame = replayed.get(new Identity(event));
            if (frame != null) {
                return frame;
            }
        }
        byte[] frame = EventClient.frame(event.type(), null, event.data()).getBytes(StandardCharsets.UTF_8);
        synchronized (replayed) {
            replayed.put(new Identity(event), frame);
        }
        return frame;
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
