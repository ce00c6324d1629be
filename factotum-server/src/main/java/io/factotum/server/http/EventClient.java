package io.factotum.server.http;

import io.factotum.server.events.EventIds;
import io.factotum.server.events.EventJournal;
import io.factotum.server.events.ServerEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One Server-Sent Events client, which reads the journal at its own pace. While it keeps up it is
 * handed each event as it comes (LIVE); once more than {@code maxPendingBytes} is queued for it, it
 * stops taking live events and reads the journal from where it stopped, a chunk each time its
 * connection has written everything queued (CATCHING_UP), and goes live again when it reaches the
 * latest event. So a client that falls behind for a while (a burst of a loud job, a busy machine)
 * loses nothing and repeats nothing, and its memory stays bounded: nothing is queued for it beyond
 * its bound, the events are the journal's. A client is dropped only when the journal no longer holds
 * where it stopped (it may reconnect with {@code Last-Event-ID}: it is then told the stored state).
 *
 * <p>A stream starts with the replay of the stored state (its facts are not sent again when the
 * journal tells them), then reads the journal from the given position.
 */
final class EventClient {
    private static final Logger LOG = LogManager.getLogger(EventClient.class);
    /** Bytes read from the journal at a time while catching up. */
    private static final long CHUNK_BYTES = 64 * 1024;
    /** Events looked at per read (a per-job client skips other jobs' events under the journal's lock). */
    private static final int CHUNK_SCAN = 4096;

    private enum Mode {
        /** The connection is not ready: live events are left in the journal, to be read. */
        STARTING,
        /** Reading the journal. */
        CATCHING_UP,
        /** Reached the latest event: live events wait while the last chunk read is sent. */
        GOING_LIVE,
        /** Handed each event as it comes. */
        LIVE
    }

    private final EventIds ids;
    private final LiveFrames frames;
    private final EventJournal journal;
    private final EventJournal.Interest interest;
    private final long maxPendingBytes;
    private final boolean endsWhenJobDone;
    private final Runnable onClose;
    private final Runnable onDrop;
    /** Bytes handed to the connection and not yet written; updated from the IO thread, so no lock. */
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Guards what is sent, so that events go out in order whichever thread sends them. */
    private final Object sendLock = new Object();
    private volatile EventChannel connection;
    private volatile Mode mode = Mode.STARTING;
    /** The next event number to read from the journal (written under sendLock). */
    private volatile long cursor;
    /** The highest event number sent or passed over (guarded by sendLock). */
    private long lastSeen;
    /** Live events handed on while the last chunk was being sent (guarded by sendLock). */
    private final List<ServerEvent> parked = new ArrayList<>();
    /** Keys of the facts the replay told (guarded by sendLock). */
    private final Set<String> told = new HashSet<>();
    /** Whether the job is DONE and the stream ends once it has caught up (guarded by sendLock). */
    private boolean endWhenCaughtUp;
    /** Only one thread reads the journal for this client at a time. */
    private final AtomicBoolean reading = new AtomicBoolean();

    /**
     * @param frames the encoded frames of live events, shared by the clients of one server
     * @param interest the events this client is shown (what it subscribed to)
     * @param endsWhenJobDone whether the stream ends after a job's DONE event (the per-job stream)
     * @param onClose run once when the client goes (unsubscribes it)
     * @param onDrop run when the client is dropped for falling off the journal
     */
    EventClient(EventIds ids, LiveFrames frames, EventJournal journal, EventJournal.Interest interest,
            long maxPendingBytes, boolean endsWhenJobDone, Runnable onClose, Runnable onDrop) {
        this.ids = ids;
        this.frames = frames;
        this.journal = journal;
        this.interest = interest;
        this.maxPendingBytes = maxPendingBytes;
        this.endsWhenJobDone = endsWhenJobDone;
        this.onClose = onClose;
        this.onDrop = onDrop;
    }

    /** A live event from the journal's fan-out, or null if the fan-out lost events; never blocks for long. */
    void offer(ServerEvent event) {
        if (closed.get()) {
            return;
        }
        if (event == null) {
            drop("the journal lost events it had not handed on");
            return;
        }
        if (mode == Mode.CATCHING_UP) {
            if (cursor < journal.oldestSeq()) {
                // A client that stopped reading: what it would read next is gone from the journal.
                drop("it fell further behind than the journal holds");
            }
            return; // it is in the journal: the client reads it there
        }
        if (mode == Mode.STARTING) {
            return;
        }
        synchronized (sendLock) {
            if (mode == Mode.GOING_LIVE) {
                parked.add(event);
            } else if (mode == Mode.LIVE && event.seq() > lastSeen) {
                if (pendingBytes.get() > maxPendingBytes) {
                    // Behind: stop taking live events; read this one and the rest from the journal.
                    cursor = event.seq();
                    mode = Mode.CATCHING_UP;
                    return;
                }
                deliver(event);
            }
        }
    }

    /**
     * The connection is ready: sends {@code replay} (events without journal numbers, the last one
     * carrying {@code replayId} so that a reconnect resumes after it), then reads the journal from
     * {@code fromSeq}.
     *
     * @param jobDone whether the job is already DONE (the per-job stream then ends once it has caught up)
     */
    void start(EventChannel c, List<ServerEvent> replay, String replayId, long fromSeq, boolean jobDone) {
        connection = c;
        if (closed.get()) {
            c.close();
            return;
        }
        synchronized (sendLock) {
            for (int i = 0; i < replay.size(); i++) {
                ServerEvent e = replay.get(i);
                told.add(e.key());
                // The replay is bounded by what the store holds; it is queued whatever its size, and counted.
                pendingBytes.addAndGet(i == replay.size() - 1 ? c.send(frame(e.type(), replayId, e.data()))
                        : c.send(frames.replayed(e)));
            }
            cursor = fromSeq;
            lastSeen = fromSeq - 1;
            endWhenCaughtUp = endsWhenJobDone && jobDone;
            mode = Mode.CATCHING_UP;
        }
        readOn();
    }

    /** The connection has written everything queued (IO thread): a client catching up reads on. */
    void drained() {
        if (mode == Mode.CATCHING_UP) {
            readOn();
        }
    }

    /** Reads the journal while catching up, until enough is queued or the latest event is reached. */
    private void readOn() {
        // Whoever holds the reading flag reads on; a drain that comes meanwhile is looked at again after.
        while (wantsToRead() && reading.compareAndSet(false, true)) {
            try {
                while (wantsToRead()) {
                    EventJournal.Read read = journal.read(cursor, interest, CHUNK_BYTES, CHUNK_SCAN,
                            () -> mode = Mode.GOING_LIVE);
                    if (read.fellOff()) {
                        drop("it fell further behind than the journal holds");
                        return;
                    }
                    sendChunk(read);
                }
            } finally {
                reading.set(false);
            }
        }
    }

    private boolean wantsToRead() {
        return !closed.get() && mode == Mode.CATCHING_UP && pendingBytes.get() <= maxPendingBytes / 2;
    }

    private void sendChunk(EventJournal.Read read) {
        synchronized (sendLock) {
            SkippedFacts skipped = new SkippedFacts();
            for (ServerEvent e : read.events()) {
                skipped.note(e, deliver(e));
            }
            cursor = read.next();
            if (mode == Mode.GOING_LIVE) {
                for (ServerEvent e : parked) {
                    skipped.note(e, deliver(e));
                }
                parked.clear();
                mode = Mode.LIVE;
            }
            skipped.sync();
            if (mode == Mode.LIVE && endWhenCaughtUp) {
                end();
            }
        }
    }

    /**
     * Sends {@code event} unless it was seen already or the replay told it (guarded by sendLock).
     *
     * @return whether it was sent (false: passed over)
     */
    private boolean deliver(ServerEvent event) {
        if (closed.get() || event.seq() <= lastSeen) {
            return true;
        }
        lastSeen = event.seq();
        if (told.contains(event.key())) {
            return false;
        }
        pendingBytes.addAndGet(connection.send(frames.of(event)));
        if (endsWhenJobDone && event.isJobDone()) {
            end();
        }
        return true;
    }

    /**
     * The facts a chunk passed over because the replay told them: when the last event handled was one,
     * a {@code sync} frame moves the client's position past it, so that a reconnect does not repeat it.
     */
    private final class SkippedFacts {
        private ServerEvent last;

        void note(ServerEvent e, boolean sent) {
            last = sent ? null : e;
        }

        void sync() {
            if (last != null && !closed.get()) {
                pendingBytes.addAndGet(connection.send(frame("sync", ids.format(last.seq()), "{}")));
            }
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

    private void drop(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Dropped an event stream client: {}", why);
        onDrop.run();
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
