package io.factotum.bench.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When each job became DONE, learnt from the servers' {@code GET /events} streams (one reader
 * thread per server; on a cluster every node streams every job, but the running node tells its DONE
 * first, the others a store read later, so all nodes are followed and the first DONE counts).
 * A job the streams did not report is asked for with {@code /check}, and then counts as DONE when
 * that answer came (later than it was: a conservative figure), with a warning.
 */
final class JobCompletions implements AutoCloseable {
    /** When a job was seen DONE, and how it ended. */
    record Done(long nanos, String outcome) {
    }

    private final Map<String, Done> done = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final List<Socket> streams = new ArrayList<>();
    private final List<URI> servers;

    JobCompletions(List<URI> servers) throws IOException, InterruptedException {
        this.servers = List.copyOf(servers);
        for (URI server : servers) {
            open(server);
        }
    }

    private void open(URI server) throws IOException, InterruptedException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /events HTTP/1.1\r\nHost: " + server.getHost() + ':' + server.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        streams.add(socket);
        CountDownLatch opened = new CountDownLatch(1);
        Thread reader = new Thread(() -> read(server, socket, opened), "events " + server);
        reader.setDaemon(true);
        reader.start();
        if (!opened.await(10, TimeUnit.SECONDS)) {
            throw new IOException("no event stream from " + server);
        }
    }

    private void read(URI server, Socket socket, CountDownLatch opened) {
        try {
            InputStream raw = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
            HttpConnection.ResponseHead head = HttpConnection.readHead(raw);
            if (head.status() != 200) {
                throw new IOException("GET /events answered " + head.status());
            }
            opened.countDown();
            InputStream in = head.chunked() ? new HttpConnection.ChunkedInputStream(raw) : raw;
            String event = "";
            for (String line = HttpConnection.readLine(in); line != null; line = HttpConnection.readLine(in)) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && event.equals("job")) {
                    JsonObject o = JsonParser.parseString(line.substring(5).trim()).getAsJsonObject();
                    if ("DONE".equals(o.get("state").getAsString())) {
                        long now = System.nanoTime();
                        done.putIfAbsent(o.get("jobId").getAsString(),
                                new Done(now, o.has("lastOutcome") ? o.get("lastOutcome").getAsString() : "?"));
                        synchronized (changed) {
                            changed.notifyAll();
                        }
                    }
                } else if (line.isEmpty()) {
                    event = "";
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed()) {
                System.err.println("event stream of " + server + " ended: " + e);
            }
        }
    }

    /**
     * Waits until every job is DONE and returns when the last became DONE. Fails after
     * {@code timeoutSeconds}.
     */
    long awaitAll(Collection<String> jobIds, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long lastProgress = System.nanoTime();
        int seen = -1;
        while (true) {
            int missing = 0;
            for (String id : jobIds) {
                if (!done.containsKey(id)) {
                    missing++;
                }
            }
            if (missing == 0) {
                break;
            }
            long now = System.nanoTime();
            if (missing != seen) {
                seen = missing;
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.SECONDS.toNanos(10)) {
                // Nothing came for 10 s: ask the servers directly for what the streams did not say.
                if (poll(jobIds) > 0) {
                    lastProgress = System.nanoTime();
                }
            }
            if (now > deadline) {
                throw new IOException(missing + " of " + jobIds.size() + " jobs not DONE after " + timeoutSeconds + " s");
            }
            synchronized (changed) {
                changed.wait(200);
            }
        }
        long last = Long.MIN_VALUE;
        int failed = 0;
        for (String id : jobIds) {
            Done d = done.get(id);
            last = Math.max(last, d.nanos());
            if (!"SUCCEEDED".equals(d.outcome())) {
                failed++;
            }
        }
        if (failed > 0) {
            System.err.println("warning: " + failed + " of " + jobIds.size() + " jobs did not succeed");
        }
        return last;
    }

    /** The time a job was seen DONE, if it was. */
    Done get(String jobId) {
        return done.get(jobId);
    }

    private int poll(Collection<String> jobIds) throws IOException {
        int found = 0;
        try (HttpConnection c = new HttpConnection(servers.get(0))) {
            for (String id : jobIds) {
                if (done.containsKey(id)) {
                    continue;
                }
                HttpReply r = c.get("/check?id=" + id);
                if (r.status() == 200) {
                    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
                    if ("DONE".equals(o.get("state").getAsString())) {
                        done.putIfAbsent(id, new Done(System.nanoTime(), o.get("lastOutcome").getAsString()));
                        found++;
                    }
                }
            }
        }
        if (found > 0) {
            System.err.println("warning: " + found + " jobs' DONE learnt from /check, not from the event stream");
        }
        return found;
    }

    @Override
    public void close() {
        for (Socket s : streams) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with it
            }
        }
    }
}
