package io.factotum.bench.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One measured system: a server, or the nodes of a cluster (submissions go round robin), with a
 * pool of keep-alive connections per node and the event streams that say when its jobs are DONE.
 * Every submission carries {@code --tag run,<run>} and {@code --tag n,<sequence>}, so every job id
 * is new, across rounds and runs.
 */
final class ServerUnderTest implements AutoCloseable {
    /** What one burst measured. */
    record Burst(double jobsPerSecond, double submitsPerSecond) {
    }

    /** A request made by an open-loop client on one of its connections. */
    @FunctionalInterface
    interface Call {
        HttpReply call(HttpConnection connection) throws IOException;
    }

    private final String label;
    private final List<URI> nodes;
    private final JobCompletions completions;
    private final String run;
    private final AtomicLong sequence;
    private final List<HttpConnection[]> clientConnections = new ArrayList<>();

    ServerUnderTest(String label, List<URI> nodes, String run, AtomicLong sequence)
            throws IOException, InterruptedException {
        this.label = label;
        this.nodes = List.copyOf(nodes);
        this.run = run;
        this.sequence = sequence;
        this.completions = new JobCompletions(nodes);
    }

    String label() {
        return label;
    }

    JobCompletions completions() {
        return completions;
    }

    /** The {@code /submit} body of a new job of {@code factfile}; {@code n} is its tag value. */
    String submitBody(Path factfile, long n) {
        JsonObject o = new JsonObject();
        o.addProperty("jobName", "bench");
        o.addProperty("factfilePath", factfile.toString());
        JsonArray args = new JsonArray();
        args.add("--tag");
        args.add("run," + run);
        args.add("--tag");
        args.add("n," + n);
        o.add("factfileArgs", args);
        return o.toString();
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** The connections of client {@code i}, one per node, made on first use and kept open. */
    HttpConnection[] client(int i) {
        while (clientConnections.size() <= i) {
            HttpConnection[] c = new HttpConnection[nodes.size()];
            for (int k = 0; k < c.length; k++) {
                c[k] = new HttpConnection(nodes.get(k));
            }
            clientConnections.add(c);
        }
        return clientConnections.get(i);
    }

    /**
     * Submits {@code jobs} jobs from {@code clients} threads, each on its keep-alive connections
     * (job k to node k mod nodes), and waits until all are DONE: end-to-end jobs/s from the first
     * submission to the last DONE, and submissions/s from the first to the last accepted submission.
     */
    Burst burst(Path factfile, int jobs, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<String> ids = Collections.synchronizedList(new ArrayList<>(jobs));
        AtomicLong lastAccepted = new AtomicLong(Long.MIN_VALUE);
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            HttpConnection[] connections = client(c);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int k = next.getAndIncrement(); k < jobs; k = next.getAndIncrement()) {
                        HttpReply r = connections[k % connections.length].postJson("/submit",
                                submitBody(factfile, nextSequence()));
                        ids.add(r.submittedJobId());
                    }
                    lastAccepted.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    next.set(jobs); // the other clients stop too
                }
            }, label + " client " + c);
            threads.add(t);
            t.start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        long lastDone = completions.awaitAll(ids, 600);
        return new Burst(jobs * 1e9 / (lastDone - start), jobs * 1e9 / (lastAccepted.get() - start));
    }

    /**
     * Open loop: request i is due at {@code start + i / rate}, whether earlier requests have been
     * answered or not, on whichever of {@code connections} client threads is free; a request's
     * latency runs from when it was due to its answer, so a server that falls behind is charged for
     * the requests waiting for a free connection too (no coordinated omission).
     *
     * @return each request's latency in nanoseconds
     */
    long[] openLoop(double rate, double seconds, int connections, Call call) throws Exception {
        int total = (int) Math.round(rate * seconds);
        long interval = Math.round(1e9 / rate);
        long[] latency = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger late = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            HttpConnection connection = client(c)[0];
            Thread t = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long due = start + i * interval;
                        parkUntil(due);
                        if (System.nanoTime() - due > 1_000_000) {
                            late.incrementAndGet();
                        }
                        HttpReply r = call.call(connection);
                        latency[i] = System.nanoTime() - due;
                        if (r.status() != 200) {
                            throw new IOException("HTTP " + r.status() + ": " + r.body());
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    next.set(total);
                }
            }, label + " open loop " + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (late.get() > 0) {
            System.err.printf("  %s: %d of %d requests left more than 1 ms late (all %d connections busy or the"
                    + " client descheduled); their wait is in the latency%n", label, late.get(), total, connections);
        }
        return latency;
    }

    /** Submissions made by {@link #openLoop}, collected so they can be awaited. */
    Call submitting(Path factfile, ConcurrentLinkedQueue<String> ids) {
        return connection -> {
            HttpReply r = connection.postJson("/submit", submitBody(factfile, nextSequence()));
            ids.add(r.submittedJobId());
            return r;
        };
    }

    static void parkUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void close() {
        completions.close();
        for (HttpConnection[] cs : clientConnections) {
            for (HttpConnection c : cs) {
                c.close();
            }
        }
    }
}
