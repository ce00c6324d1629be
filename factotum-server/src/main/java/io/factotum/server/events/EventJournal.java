package io.factotum.server.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The last {@code capacity} events, numbered from 1 in the order they happened, and the clients
 * subscribed to them. Memory is bounded: the oldest events fall off; a client that asks for events
 * older than those kept is told so ({@link Subscription#complete()} is false) and falls back to the
 * stored history. Subscribers are called in order, under the journal's lock, so they must only hand the
 * event on without blocking (the HTTP side queues it, bounded, and drops a client that falls behind).
 */
public final class EventJournal {
    private static final Logger LOG = LogManager.getLogger(EventJournal.class);
    /** Events kept by default: enough for a reconnect after a few seconds of a busy server. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final ArrayDeque<ServerEvent> kept = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private long lastSeq;

    public EventJournal(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Numbers the event, keeps it and hands it to every subscriber whose filter takes it. */
    public synchronized ServerEvent append(ServerEvent draft) {
        ServerEvent event = draft.withSeq(++lastSeq);
        kept.addLast(event);
        if (kept.size() > capacity) {
            kept.removeFirst();
        }
        for (Iterator<Subscriber> it = subscribers.iterator(); it.hasNext();) {
            Subscriber s = it.next();
            if (s.cancelled.get()) {
                it.remove();
            } else if (s.filter.test(event)) {
                try {
                    s.sink.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("An event subscriber failed: {}", e.toString());
                }
            }
        }
        return event;
    }

    /** The number of the latest event, 0 if there is none yet. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Subscribers now registered. */
    public synchronized int subscriberCount() {
        subscribers.removeIf(s -> s.cancelled.get());
        return subscribers.size();
    }

    /**
     * Registers {@code sink} for every event after the latest one that {@code filter} takes, and returns,
     * in the same atomic step, the kept events after {@code afterSeq} that it takes: nothing is missed or
     * seen twice between the two.
     */
    public synchronized Subscription subscribe(long afterSeq, Predicate<ServerEvent> filter, Consumer<ServerEvent> sink) {
        List<ServerEvent> backlog = new ArrayList<>();
        long oldest = kept.isEmpty() ? lastSeq + 1 : kept.peekFirst().seq();
        // Complete when nothing after afterSeq has fallen off (and afterSeq is not from the future).
        boolean complete = afterSeq >= oldest - 1 && afterSeq <= lastSeq;
        for (Iterator<ServerEvent> it = kept.descendingIterator(); it.hasNext();) {
            ServerEvent e = it.next();
            if (e.seq() <= afterSeq) {
                break;
            }
            if (filter.test(e)) {
                backlog.add(e);
            }
        }
        java.util.Collections.reverse(backlog);
        Subscriber s = new Subscriber(filter, sink, new AtomicBoolean());
        subscribers.add(s);
        return new Subscription(backlog, complete, lastSeq, () -> s.cancelled.set(true));
    }

    // Cancelling only marks the subscriber (it is removed on the next append): it may be called from an
    // IO thread that holds a connection's lock, which must never wait for the journal's.
    private record Subscriber(Predicate<ServerEvent> filter, Consumer<ServerEvent> sink, AtomicBoolean cancelled) { }

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
