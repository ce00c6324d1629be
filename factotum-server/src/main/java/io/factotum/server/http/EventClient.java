package io.factotum.server.http;

import io.factotum.server.events.EventIds;
import io.factotum.server.events.ServerEvent;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One Server-Sent Events client. Live events arrive from the journal (on the scheduler's threads)
 * before the connection is ready and while the replay is being sent: they wait, then go out after the
 * replay, minus the facts the replay already told. Memory is bounded: when the bytes queued for a client
 * that does not read exceed {@code maxPendingBytes}, the client is dropped (its connection closed; it
 * may reconnect with {@code Last-Event-ID} and lose nothing the journal or the store still holds).
 */
final class EventClient {
    private static final Logger LOG = LogManager.getLogger(EventClient.class);

    private final EventIds ids;
    private final LiveFrames frames;
    private final long maxPendingBytes;
    private final boolean endsWhenJobDone;
    private final Runnable onClose;
    private final Runnable onDrop;
    private final ArrayDeque<ServerEvent> waiting = new ArrayDeque<>();
    private long waitingBytes;
    /** Bytes handed to the connection and not yet written; updated from the IO thread, so no lock. */
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile EventChannel connection;
    private boolean live;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param frames the encoded frames of live events, shared by the clients of one server
     * @param endsWhenJobDone whether the stream ends after a job's DONE event (the per-job stream)
     * @param onClose run once when the client goes (unsubscribes it)
     */
    EventClient(EventIds ids, LiveFrames frames, long maxPendingBytes, boolean endsWhenJobDone, Runnable onClose,
            Runnable onDrop) {
        this.ids = ids;
        this.frames = frames;
        this.maxPendingBytes = maxPendingBytes;
        this.endsWhenJobDone = endsWhenJobDone;
        this.onClose = onClose;
        this.onDrop = onDrop;
    }

    /** A live event from the journal, or null if the journal lost events for it; never blocks. */
    synchronized void offer(ServerEvent event) {
        if (closed.get()) {
            return;
        }
        if (event == null) {
            drop(); // it reconnects with Last-Event-ID and is told what it missed from the store
            return;
        }
        if (!live) {
            waitingBytes += event.frameBytes();
            if (waitingBytes > maxPendingBytes) {
                drop();
                return;
            }
            waiting.addLast(event);
            return;
        }
        send(event);
    }

    /**
     * The connection is ready: sends {@code replay} (events without journal numbers, the last one
     * carrying {@code replayId} so that a reconnect resumes after it), then what waited, then goes live.
     *
     * @param backlog journal events to send before what waited (with their ids)
     * @param jobDone whether the job is already DONE (the per-job stream then ends after this)
     */
    synchronized void start(EventChannel c, List<ServerEvent> replay, String replayId,
            List<ServerEvent> backlog, boolean jobDone) {
        connection = c;
        if (closed.get()) {
            c.close();
            return;
        }
        Set<String> told = new HashSet<>();
        for (int i = 0; i < replay.size(); i++) {
            ServerEvent e = replay.get(i);
            told.add(e.key());
            // The replay is bounded by what the store holds; it is queued whatever its size, and counted.
            pendingBytes.addAndGet(i == replay.size() - 1 ? c.send(frame(e.type(), replayId, e.data()))
                    : c.send(frames.replayed(e)));
        }
        live = true;
        ServerEvent lastSkipped = null;
        long lastSent = 0;
        for (ServerEvent e : concat(backlog, waiting)) {
            if (closed.get()) {
                return;
            }
            if (e.seq() <= lastSent) {
                continue; // in the backlog and then handed on live as well
            }
            lastSent = e.seq();
            if (told.contains(e.key())) {
                lastSkipped = e;
                continue;
            }
            lastSkipped = null;
            send(e);
        }
        waiting.clear();
        if (lastSkipped != null && !closed.get()) {
            // Move the client's position past facts it was told by the replay, so a reconnect does not repeat them.
            pendingBytes.addAndGet(c.send(frame("sync", ids.format(lastSkipped.seq()), "{}")));
        }
        if (endsWhenJobDone && jobDone && !closed.get()) {
            end();
        }
    }

    private static List<ServerEvent> concat(List<ServerEvent> a, ArrayDeque<ServerEvent> b) {
        List<ServerEvent> all = new java.util.ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private void send(ServerEvent event) {
        if (pendingBytes.get() > maxPendingBytes) {
            drop();
            return;
        }
        pendingBytes.addAndGet(connection.send(frames.of(event)));
        if (endsWhenJobDone && event.isJobDone()) {
            end();
        }
    }

    /** One event in {@code text/event-stream} form; {@code data} is one line (compact JSON). */
    static String frame(String type, String id, String data) {
        StringBuilder b = new StringBuilder(data.length() + 48).append("event: ").append(type).append('\n');
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        return b.append("data: ").append(data).append("\n\n").toString();
    }

    /** Bytes of queued frames reached the socket (IO thread). */
    void written(long bytes) {
        pendingBytes.addAndGet(-bytes);
    }

    /** The stream is complete: close once what was sent has been written (or now, if not started). */
    void end() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
        EventChannel c = connection;
        if (c != null) {
            c.end();
        }
    }

    private void drop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Dropped an event stream client that fell more than {} bytes behind", maxPendingBytes);
        onDrop.run();
        waiting.clear();
        onClose.run();
        EventChannel c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** The connection closed (by the client, or after {@link #end}); runs on the IO thread, takes no lock. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
