package io.factotum.server.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * side bounds each client's queue and drops a client that falls behind). Subscribers are filed by
 * their {@link Interest}, so that an output line costs a look-up of its job's subscribers, not a test
 * of every client's filter: a loud job writes hundreds of thousands of lines that most clients
 * (those of {@code /events}, and of other jobs) do not want.
 */
public final class EventJournal implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(EventJournal.class);
    /** Events kept by default: enough for a reconnect after a few seconds of a busy server. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final EventRing kept = new EventRing();
    /** Subscribers to every job's events with their output lines, and without them. */
    private final List<Subscriber> everyJobWithOutput = new CopyOnWriteArrayList<>();
    private final List<Subscriber> everyJobWithoutOutput = new CopyOnWriteArrayList<>();
    /** Subscribers to one job's events, by its id. */
    private final Map<String, List<Subscriber>> byJob = new ConcurrentHashMap<>();
    /** Subscribers registered and not yet removed: appending wakes the fan-out only if there are any. */
    private final AtomicInteger registered = new AtomicInteger();
    /** Cancellations not yet swept out of the lists. */
    private final AtomicInteger cancellations = new AtomicInteger();
    private final Thread fanOut;
    private long lastSeq;
    /** The last event the fan-out thread has handed on. */
    private long delivered;
    /** The oldest kept event's number, for readers that check it without the lock. */
    private volatile long oldestKept = 1;
    /** Whether the fan-out thread waits for an event: appending wakes it only then. */
    private boolean fanOutIdle;
    /** How long the fan-out lets a burst gather after its first event woke it. */
    private static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
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
        while (kept.size() > capacity && (kept.first().seq() <= delivered || kept.size() > 2 * capacity)) {
            kept.removeFirst();
        }
        oldestKept = kept.first().seq();
        if (registered.get() == 0) {
            delivered = lastSeq; // nobody listens: nothing to hand on, and no thread to wake
        } else if (fanOutIdle) {
            fanOutIdle = false;
            notify(); // only the fan-out thread waits on the journal
        }
        return event;
    }

    /** The number of the latest event, 0 if there is none yet. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Subscribers now registered. */
    public int subscriberCount() {
        sweep();
        return registered.get();
    }

    /**
     * Registers {@code sink} for every event after the latest one that {@code interest} takes, and
     * returns, in the same atomic step, the kept events after {@code afterSeq} that it takes: nothing
     * is missed or seen twice between the two.
     */
    public Subscription subscribe(long afterSeq, Interest interest, Consumer<ServerEvent> sink) {
        return subscribe(afterSeq, interest, e -> true, sink);
    }

    /** As {@link #subscribe(long, Interest, Consumer)} for every job's events that {@code filter} takes. */
    public Subscription subscribe(long afterSeq, Predicate<ServerEvent> filter, Consumer<ServerEvent> sink) {
        return subscribe(afterSeq, Interest.everyJob(true), filter, sink);
    }

    private Subscription subscribe(long afterSeq, Interest interest, Predicate<ServerEvent> also,
            Consumer<ServerEvent> sink) {
        ServerEvent[] snapshot;
        long position;
        boolean complete;
        Predicate<ServerEvent> filter = e -> interest.takes(e) && also.test(e);
        Subscriber s = new Subscriber(filter, sink, new AtomicBoolean());
        synchronized (this) {
            long oldest = kept.isEmpty() ? lastSeq + 1 : kept.first().seq();
            // Complete when nothing after afterSeq has fallen off (and afterSeq is not from the future).
            complete = afterSeq >= oldest - 1 && afterSeq <= lastSeq;
            // Only a copy of the references newer than afterSeq under the lock (kept events are numbered
            // without gaps, so they are the last lastSeq - afterSeq): the scan below runs without it, and
            // a client that asks for nothing old copies nothing, however much the journal keeps.
            int newer = (int) Math.min(kept.size(), Math.max(0L, lastSeq - afterSeq));
            snapshot = kept.copy(kept.size() - newer, kept.size());
            position = lastSeq;
            s.from = lastSeq + 1;
            registered.incrementAndGet();
            if (interest.jobId().isPresent()) {
                byJob.compute(interest.jobId().get(), (id, list) -> {
                    List<Subscriber> l = list == null ? new CopyOnWriteArrayList<>() : list;
                    l.add(s);
                    return l;
                });
            } else {
                (interest.output() ? everyJobWithOutput : everyJobWithoutOutput).add(s);
            }
        }
        List<ServerEvent> backlog = new ArrayList<>();
        for (int i = snapshot.length - 1; i >= 0 && snapshot[i].seq() > afterSeq; i--) {
            if (filter.test(snapshot[i])) {
                backlog.add(snapshot[i]);
            }
        }
        java.util.Collections.reverse(backlog);
        return new Subscription(backlog, complete, position, () -> {
            if (s.cancelled.compareAndSet(false, true)) {
                cancellations.incrementAndGet();
            }
        });
    }

    /**
     * The kept events from {@code fromSeq} on that {@code interest} takes, oldest first: as many as
     * fit in {@code maxBytes} (counted as {@link ServerEvent#frameBytes()}; at least one), looking at
     * no more than {@code maxScan} events. For a client that reads the journal at its own pace rather
     * than being handed each event as it comes. When the read reaches the latest event,
     * {@code atHead} runs before the journal takes another: every later event goes to the subscribers,
     * so a reader that subscribes live there misses none (and may be handed some it has just read).
     *
     * @return the events, where to read on, and whether {@code fromSeq} had already fallen off the journal
     */
    public synchronized Read read(long fromSeq, Interest interest, long maxBytes, int maxScan, Runnable atHead) {
        long oldest = kept.isEmpty() ? lastSeq + 1 : kept.first().seq();
        if (fromSeq < oldest) {
            return new Read(List.of(), fromSeq, true);
        }
        List<ServerEvent> events = new ArrayList<>();
        long bytes = 0;
        long next = fromSeq;
        int index = kept.indexOf(fromSeq);
        for (int scanned = 0; index >= 0 && index < kept.size() && scanned < maxScan; index++, scanned++) {
            ServerEvent e = kept.get(index);
            if (interest.takes(e)) {
                if (!events.isEmpty() && bytes + e.frameBytes() > maxBytes) {
                    break;
                }
                bytes += e.frameBytes();
                events.add(e);
            }
            next = e.seq() + 1;
        }
        if (next > lastSeq) {
            atHead.run();
        }
        return new Read(events, next, false);
    }

    /** The number of the oldest kept event (the next one to come when none is kept); takes no lock. */
    public long oldestSeq() {
        return oldestKept;
    }

    /**
     * The kept events after {@code afterSeq} that {@code filter} takes, oldest first (a snapshot of the
     * whole journal: what the bounded readers, {@link #walkBack} and {@link #read}, are checked against).
     */
    List<ServerEvent> kept(long afterSeq, Predicate<ServerEvent> filter) {
        ServerEvent[] snapshot;
        synchronized (this) {
            snapshot = kept.copy(0, kept.size());
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
                long from = kept.isEmpty() ? next + 1 : Math.max(kept.first().seq(), next - chunk + 1);
                if (from > next) {
                    return;
                }
                part = kept.copy(kept.indexOf(from), kept.indexOf(next) + 1);
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
            boolean waited = false;
            synchronized (this) {
                while (!closed && delivered == lastSeq) {
                    fanOutIdle = true;
                    waited = true;
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                fanOutIdle = false;
            }
            if (waited) {
                // Woken by the first event of a burst (a loud task writes thousands of lines a second): what
                // comes in the next moment goes in the same batch, for one wake-up, not one per event.
                LockSupport.parkNanos(COALESCE_NANOS);
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (registered.get() == 0) {
                    delivered = lastSeq;
                    continue;
                }
                long oldest = kept.isEmpty() ? lastSeq + 1 : kept.first().seq();
                if (delivered + 1 < oldest) {
                    // the fan-out fell a whole journal behind: the subscribers cannot be told what they missed
                    LOG.warn("Event fan-out fell {} events behind: ending every stream", oldest - delivered - 1);
                    endEveryStream();
                    delivered = oldest - 1;
                }
                for (int i = Math.max(0, kept.indexOf(delivered + 1)); i < kept.size(); i++) {
                    batch.add(kept.get(i));
                }
                delivered = lastSeq;
            }
            if (cancellations.get() > 0) {
                sweep();
            }
            // Event by event, each to every subscriber: subscribers that format the same event one
            // after another can share the work (the HTTP side encodes each frame once).
            for (ServerEvent e : batch) {
                handOn(e, everyJobWithOutput);
                if (!e.type().equals(ServerEvent.OUTPUT)) {
                    handOn(e, everyJobWithoutOutput);
                }
                List<Subscriber> ofJob = byJob.get(e.jobId());
                if (ofJob != null) {
                    handOn(e, ofJob);
                }
            }
            batch.clear();
        }
    }

    private static void handOn(ServerEvent e, List<Subscriber> subscribers) {
        for (Subscriber s : subscribers) {
            if (e.seq() >= s.from && !s.cancelled.get() && s.filter.test(e)) {
                try {
                    s.sink.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("An event subscriber failed: {}", ex.toString());
                }
            }
        }
    }

    /** Tells every subscriber that events were lost (a null event) and unregisters them all. */
    private void endEveryStream() {
        List<List<Subscriber>> all = new ArrayList<>(byJob.values());
        all.add(everyJobWithOutput);
        all.add(everyJobWithoutOutput);
        for (List<Subscriber> list : all) {
            for (Subscriber s : list) {
                s.cancelled.set(true);
                s.sink.accept(null);
            }
        }
        cancellations.incrementAndGet();
        sweep();
    }

    /** Takes cancelled subscribers out of the lists (any thread; each is counted out once). */
    private void sweep() {
        cancellations.set(0);
        sweep(everyJobWithOutput);
        sweep(everyJobWithoutOutput);
        for (String jobId : byJob.keySet()) {
            byJob.computeIfPresent(jobId, (id, list) -> {
                sweep(list);
                return list.isEmpty() ? null : list;
            });
        }
    }

    private void sweep(List<Subscriber> list) {
        for (Subscriber s : list) {
            if (s.cancelled.get() && list.remove(s) && s.removed.compareAndSet(false, true)) {
                registered.decrementAndGet();
            }
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
        /** Taken out of its list and counted out of {@code registered}. */
        final AtomicBoolean removed = new AtomicBoolean();
        /** The first event it is handed live (set under the journal's lock before it is registered). */
        volatile long from;

        Subscriber(Predicate<ServerEvent> filter, Consumer<ServerEvent> sink, AtomicBoolean cancelled) {
            this.filter = filter;
            this.sink = sink;
            this.cancelled = cancelled;
        }
    }

    /**
     * Which events a subscriber is handed.
     *
     * @param jobId one job's events only, or (empty) every job's
     * @param output whether output lines are wanted too (job and task events always are)
     */
    public record Interest(Optional<String> jobId, boolean output) {
        public Interest {
            java.util.Objects.requireNonNull(jobId, "jobId");
        }

        /** Every event of one job, its output lines included. */
        public static Interest job(String jobId) {
            return new Interest(Optional.of(jobId), true);
        }

        /** Every job's events, with or without their output lines. */
        public static Interest everyJob(boolean output) {
            return new Interest(Optional.empty(), output);
        }

        boolean takes(ServerEvent e) {
            return (output || !e.type().equals(ServerEvent.OUTPUT))
                    && (jobId.isEmpty() || jobId.get().equals(e.jobId()));
        }
    }

    /**
     * What {@link #read} found.
     *
     * @param events the events read, oldest first
     * @param next the number to read on from
     * @param fellOff whether the asked position had fallen off the journal (nothing was read)
     */
    public record Read(List<ServerEvent> events, long next, boolean fellOff) {
        public Read {
            events = List.copyOf(events);
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
