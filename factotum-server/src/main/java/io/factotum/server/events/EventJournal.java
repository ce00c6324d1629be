package io.factotum.server.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The last {@code capacity} events, numbered from 1 in the order they happened, and the clients
 * subscribed to them. Memory is bounded: the oldest events fall off; a client that asks for events
 * older than those kept is told so ({@link Subscription#complete()} is false) and falls back to the
 * stored history.
 *
 * <p>Appending only numbers and keeps the event: it never waits on subscribers, so the scheduler's
 * threads (and the tasks whose output they read) run at the same speed however many clients listen.
 * One fan-out thread hands each event to the subscribers, in order; they must only queue it (the HTTP
 * side bounds each client's queue and drops a client that falls behind).
 */
public final class EventJournal implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(EventJournal.class);
    /** Events kept by default: enough for a reconnect after a few seconds of a busy server. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final ArrayDeque<ServerEvent> kept = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Thread fanOut;
    private long lastSeq;
    /** The last event the fan-out thread has handed on. */
    private long delivered;
    private boolean closed;

    public EventJournal(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.fanOut = new Thread(this::fanOutLoop, "event-fan-out");
        fanOut.setDaemon(true);
        fanOut.start();
    }

    /** Numbers the event and keeps it; subscribers get it from the fan-out thread. */
    public synchronized ServerEvent append(ServerEvent draft) {
        ServerEvent event = draft.withSeq(++lastSeq);
        kept.addLast(event);
        // Events the fan-out has not handed on yet are kept beyond the capacity, up to twice it.
        while (kept.size() > capacity && (kept.peekFirst().seq() <= delivered || kept.size() > 2 * capacity)) {
            kept.removeFirst();
        }
        notifyAll();
        return event;
    }

    /** The number of the latest event, 0 if there is none yet. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Subscribers now registered. */
    public int subscriberCount() {
        subscribers.removeIf(s -> s.cancelled.get());
        return subscribers.size();
    }

    /**
     * Registers {@code sink} for every event after the latest one that {@code filter} takes, and returns,
     * in the same atomic step, the kept events after {@code afterSeq} that it takes: nothing is missed or
     * seen twice between the two.
     */
    public Subscription subscribe(long afterSeq, Predicate<ServerEvent> filter, Consumer<ServerEvent> sink) {
        ServerEvent[] snapshot;
        long position;
        boolean complete;
        Subscriber s = new Subscriber(filter, sink, new AtomicBoolean());
        synchronized (this) {
            long oldest = kept.isEmpty() ? lastSeq + 1 : kept.peekFirst().seq();
            // Complete when nothing after afterSeq has fallen off (and afterSeq is not from the future).
            complete = afterSeq >= oldest - 1 && afterSeq <= lastSeq;
            // Only a copy of the references newer than afterSeq under the lock (kept events are numbered
            // without gaps, so they are the last lastSeq - afterSeq): the scan below runs without it, and
            // a client that asks for nothing old copies nothing, however much the journal keeps.
            int newer = (int) Math.min(kept.size(), Math.max(0L, lastSeq - afterSeq));
            snapshot = new ServerEvent[newer];
            Iterator<ServerEvent> newestFirst = kept.descendingIterator();
            for (int i = newer - 1; i >= 0; i--) {
                snapshot[i] = newestFirst.next();
            }
            position = lastSeq;
            s.from = lastSeq + 1;
            subscribers.add(s);
        }
        List<ServerEvent> backlog = new ArrayList<>();
        for (int i = snapshot.length - 1; i >= 0 && snapshot[i].seq() > afterSeq; i--) {
            if (filter.test(snapshot[i])) {
                backlog.add(snapshot[i]);
            }
        }
        java.util.Collections.reverse(backlog);
        return new Subscription(backlog, complete, position, () -> s.cancelled.set(true));
    }

    /** The kept events after {@code afterSeq} that {@code filter} takes, oldest first (a snapshot). */
    public List<ServerEvent> kept(long afterSeq, Predicate<ServerEvent> filter) {
        ServerEvent[] snapshot;
        synchronized (this) {
            snapshot = kept.toArray(ServerEvent[]::new);
        }
        List<ServerEvent> events = new ArrayList<>();
        for (ServerEvent e : snapshot) {
            if (e.seq() > afterSeq && filter.test(e)) {
                events.add(e);
            }
        }
        return events;
    }

    /**
     * Shows {@code visitor} the kept events numbered up to {@code upToSeq}, newest first, until it
     * returns false: for a reader that needs only the latest few of something (a snapshot; the walk
     * runs without the lock).
     */
    public void walkBack(long upToSeq, Predicate<ServerEvent> visitor) {
        long next = upToSeq;
        // Copied in chunks that double, so a short walk copies little (the journal may hold 200,000).
        for (int chunk = 1024;; chunk = (int) Math.min(1L << 30, 2L * chunk)) {
            ServerEvent[] part;
            synchronized (this) {
                next = Math.min(next, lastSeq);
                long from = kept.isEmpty() ? next + 1 : Math.max(kept.peekFirst().seq(), next - chunk + 1);
                if (from > next) {
                    return;
                }
                // kept events are numbered without gaps: skip the newer ones, then copy [from, next]
                Iterator<ServerEvent> newestFirst = kept.descendingIterator();
                for (long seq = lastSeq; seq > next; seq--) {
                    newestFirst.next();
                }
                part = new ServerEvent[(int) (next - from + 1)];
                for (int i = part.length - 1; i >= 0; i--) {
                    part[i] = newestFirst.next();
                }
            }
            for (int i = part.length - 1; i >= 0; i--) {
                if (!visitor.test(part[i])) {
                    return;
                }
            }
            next = part[0].seq() - 1;
        }
    }

    private void fanOutLoop() {
        List<ServerEvent> batch = new ArrayList<>();
        while (true) {
            synchronized (this) {
                while (!closed && delivered == lastSeq) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                if (subscribers.isEmpty()) {
                    delivered = lastSeq; // nobody listens: nothing to copy or hand on
                    continue;
                }
                long oldest = kept.isEmpty() ? lastSeq + 1 : kept.peekFirst().seq();
                if (delivered + 1 < oldest) {
                    // the fan-out fell a whole journal behind: the subscribers cannot be told what they missed
                    if (!subscribers.isEmpty()) {
                        LOG.warn("Event fan-out fell {} events behind: ending every stream", oldest - delivered - 1);
                    }
                    subscribers.forEach(s -> s.sink.accept(null));
                    subscribers.clear();
                    delivered = oldest - 1;
                }
                for (Iterator<ServerEvent> it = kept.descendingIterator(); it.hasNext();) {
                    ServerEvent e = it.next();
                    if (e.seq() <= delivered) {
                        break;
                    }
                    batch.add(e);
                }
                delivered = lastSeq;
            }
            java.util.Collections.reverse(batch);
            subscribers.removeIf(s -> s.cancelled.get());
            Subscriber[] now = subscribers.toArray(Subscriber[]::new);
            // Event by event, each to every subscriber: subscribers that format the same event one
            // after another can share the work (the HTTP side encodes each frame once).
            for (ServerEvent e : batch) {
                for (Subscriber s : now) {
                    if (e.seq() >= s.from && !s.cancelled.get() && s.filter.test(e)) {
                        try {
                            s.sink.accept(e);
                        } catch (RuntimeException ex) {
                            LOG.warn("An event subscriber failed: {}", ex.toString());
                        }
                    }
                }
            }
            batch.clear();
        }
    }

    /** Stops the fan-out thread; subscribers get nothing more. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            fanOut.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Cancelling only marks the subscriber (the fan-out thread removes it): it may be called from an
    // IO thread that holds a connection's lock, which must never wait for anything.
    private static final class Subscriber {
        final Predicate<ServerEvent> filter;
        final Consumer<ServerEvent> sink;
        final AtomicBoolean cancelled;
        /** The first event it is handed live (set under the journal's lock before it is registered). */
        volatile long from;

        Subscriber(Predicate<ServerEvent> filter, Consumer<ServerEvent> sink, AtomicBoolean cancelled) {
            this.filter = filter;
            this.sink = sink;
            this.cancelled = cancelled;
        }
    }

    /**
     * A registered subscriber.
     *
     * @param backlog kept events after the asked position, oldest first
     * @param complete false if some events after the asked position are no longer kept
     * @param position the latest event number when the subscription was made
     * @param cancel unregisters the subscriber; idempotent, never blocks
     */
    public record Subscription(List<ServerEvent> backlog, boolean complete, long position, Runnable cancel) {
        public Subscription {
            backlog = List.copyOf(backlog);
        }
    }
}
