package io.factotum.server.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.server.FactotumServer;
import io.factotum.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Does a crowd of slow event-stream clients slow job execution? Runs the same output-heavy job on a
 * real server (RocksDB store, real shell tasks) with no subscribers and with {@code S} slow ones
 * (half on the job's own stream with its output lines, half on {@code /events}), interleaved over
 * several rounds, and prints each run's duration as the server recorded it (run start to end).
 * A slow client reads 1 KiB every 10 ms through a 4 KiB socket buffer.
 *
 * <p>Usage: {@code SlowSubscribersHarness [subscribers=100] [rounds=5] [tasks=4] [linesPerTask=25000]}
 */
public final class SlowSubscribersHarness {
    private SlowSubscribersHarness() {
    }

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int lines = args.length > 3 ? Integer.parseInt(args[3]) : 25_000;
        Path dir = Files.createTempDirectory("slow-subscribers");
        Path factfile = factfile(dir, tasks, lines);
        ServerConfig config = ServerConfig.builder().port(0).store(ServerConfig.StoreKind.ROCKSDB)
                .dataDir(dir.resolve("store")).factfileRoots(List.of(dir)).shutdownGrace(Duration.ofSeconds(5)).build();
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        FactotumServer server = FactotumServer.create(config, Clock.systemUTC());
        server.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + server.port();
        System.out.printf("job: %d parallel tasks x %d lines, then one more task; %d slow subscribers%n", tasks, lines, subscribers);
        List<Double> quiet = new ArrayList<>();
        List<Double> crowded = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        run(http, base, factfile, "warm-up", 0, server); // JIT and page cache
        for (int r = 1; r <= rounds; r++) {
            double q = run(http, base, factfile, "q" + r, 0, server);
            double c = run(http, base, factfile, "c" + r, subscribers, server);
            quiet.add(q);
            crowded.add(c);
            ratios.add(c / q);
            System.out.printf("round %d: 0 subscribers %.0f ms, %d slow subscribers %.0f ms, ratio %.2f%n", r, q,
                    subscribers, c, c / q);
        }
        System.out.printf("median: 0 subscribers %.0f ms, %d slow subscribers %.0f ms; median of per-round ratios %.2f%n",
                median(quiet), subscribers, median(crowded), median(ratios));
        server.stop();
    }

    private static Path factfile(Path dir, int tasks, int lines) throws IOException {
        StringBuilder t = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= tasks; i++) {
            String name = "print" + i;
            names.add("\"" + name + "\"");
            t.append("{\"name\":\"").append(name).append("\",\"executor\":\"shell\",\"command\":\"seq 1 ").append(lines)
                    .append(" | sed 's/^/output line /'\",\"arguments\":[],\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}},");
        }
        t.append("{\"name\":\"last\",\"executor\":\"shell\",\"command\":\"echo done\",\"arguments\":[],\"dependsOn\":[")
                .append(String.join(",", names)).append("],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}");
        Path file = dir.resolve("loud.factfile");
        Files.writeString(file, "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\"loud\",\"tasks\":["
                + t + "]}}");
        return file;
    }

    /** Runs the job once with {@code subscribers} slow clients; returns the run's duration in ms. */
    private static double run(HttpClient http, String base, Path factfile, String tag, int subscribers,
            FactotumServer server) throws Exception {
        int port = server.port();
        long droppedBefore = server.events().droppedStreams();
        JsonObject body = new JsonObject();
        body.addProperty("jobName", "loud");
        body.addProperty("factfilePath", factfile.toString());
        JsonArray args = new JsonArray();
        args.add("--tag");
        args.add("round," + tag);
        body.add("factfileArgs", args);
        List<SlowClient> clients = new ArrayList<>();
        // the /events half subscribes before the job exists; the per-job half right after it is accepted
        for (int i = 0; i < subscribers / 2; i++) {
            clients.add(new SlowClient(port, "/events"));
        }
        String message = JsonParser.parseString(post(http, base + "/submit", body.toString())).getAsJsonObject()
                .get("message").getAsString();
        String id = message.substring(message.indexOf('[') + 1, message.indexOf(']'));
        for (int i = subscribers / 2; i < subscribers; i++) {
            clients.add(new SlowClient(port, "/jobs/" + id + "/events"));
        }
        JsonObject run;
        while (true) {
            JsonObject runs = JsonParser.parseString(get(http, base + "/jobs/" + id)).getAsJsonObject();
            if (runs.get("state").getAsString().equals("DONE")) {
                run = runs.getAsJsonArray("runs").get(0).getAsJsonObject();
                break;
            }
            Thread.sleep(50); // polling the job's state: the measure is the server's own timestamps
        }
        if (!run.get("outcome").getAsString().equals("SUCCEEDED")) {
            throw new IllegalStateException("job failed: " + run);
        }
        long dropped = server.events().droppedStreams() - droppedBefore;
        for (SlowClient c : clients) {
            c.close();
        }
        if (subscribers > 0) {
            System.out.printf("  %s: the server dropped %d of the %d slow clients for falling behind%n", tag,
                    dropped, subscribers);
        }
        return Duration.between(Instant.parse(run.get("startedAt").getAsString()),
                Instant.parse(run.get("finishedAt").getAsString())).toNanos() / 1e6;
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** A client that reads 1 KiB every 10 ms; remembers whether the server closed on it. */
    private static final class SlowClient {
        private final Socket socket = new Socket();
        private final Thread reader;
        private final AtomicInteger ended = new AtomicInteger();

        SlowClient(int port, String path) throws IOException {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reader = new Thread(() -> {
                byte[] buffer = new byte[1024];
                try (InputStream in = socket.getInputStream()) {
                    while (in.read(buffer) >= 0) {
                        Thread.sleep(10);
                    }
                    ended.set(1); // the server closed the stream
                } catch (IOException | InterruptedException e) {
                    // closed by us
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Closes the client; true if the server had already ended its stream. */
        boolean close() throws IOException, InterruptedException {
            boolean serverEnded = ended.get() == 1;
            socket.close();
            reader.join(1000);
            return serverEnded;
        }
    }
}
