package io.factotum.server.http;

import io.factotum.server.events.EventIds;
import io.factotum.server.events.ServerEvent;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xnio.IoUtils;

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
    private final long maxPendingBytes;
    private final boolean endsWhenJobDone;
    private final Runnable onClose;
    private final Runnable onDrop;
    private final ArrayDeque<ServerEvent> waiting = new ArrayDeque<>();
    private long waitingBytes;
    /** Bytes handed to the connection and not yet written; updated from the IO thread, so no lock. */
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile ServerSentEventConnection connection;
    private boolean live;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param endsWhenJobDone whether the stream ends after a job's DONE event (the per-job stream)
     * @param onClose run once when the client goes (unsubscribes it)
     */
    EventClient(EventIds ids, long maxPendingBytes, boolean endsWhenJobDone, Runnable onClose, Runnable onDrop) {
        this.ids = ids;
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
            waitingBytes += size(event);
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
    synchronized void start(ServerSentEventConnection c, List<ServerEvent> replay, String replayId,
            List<ServerEvent> backlog, boolean jobDone) {
        connection = c;
        c.setKeepAliveTime(EventStreamHandler.KEEP_ALIVE_MILLIS);
        c.addCloseTask(x -> close());
        if (closed.get()) {
            IoUtils.safeClose(c);
            return;
        }
        Set<String> told = new HashSet<>();
        for (int i = 0; i < replay.size(); i++) {
            ServerEvent e = replay.get(i);
            told.add(e.key());
            // The replay is bounded by what the store holds; it is not counted against the live limit.
            c.send(e.data(), e.type(), i == replay.size() - 1 ? replayId : null, null);
        }
        live = true;
        ServerEvent lastSkipped = null;
        for (ServerEvent e : concat(backlog, waiting)) {
            if (closed.get()) {
                return;
            }
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
            c.send("{}", "sync", ids.format(lastSkipped.seq()), null);
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
        long size = size(event);
        if (pendingBytes.addAndGet(size) > maxPendingBytes) {
            drop();
            return;
        }
        connection.send(event.data(), event.type(), ids.format(event.seq()), new ServerSentEventConnection.EventCallback() {
            @Override
            public void done(ServerSentEventConnection c, String data, String type, String id) {
                pendingBytes.addAndGet(-size);
            }

            @Override
            public void failed(ServerSentEventConnection c, String data, String type, String id, IOException e) {
                pendingBytes.addAndGet(-size);
            }
        });
        if (endsWhenJobDone && event.isJobDone()) {
            end();
        }
    }

    static long size(ServerEvent e) {
        return e.data().length() + e.type().length() + 32L;
    }

    /** The stream is complete: close once what was sent has been written (or now, if not started). */
    void end() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
        ServerSentEventConnection c = connection;
        if (c != null) {
            c.shutdown();
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
        if (connection != null) {
            IoUtils.safeClose(connection);
        }
    }

    /** The connection closed (by the client, or after {@link #end}); runs on the IO thread, takes no lock. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
