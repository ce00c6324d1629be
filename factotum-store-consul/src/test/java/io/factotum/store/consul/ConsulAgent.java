package io.factotum.store.consul;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Consul agent for tests, on free loopback ports, stopped by its pid. {@link #dev} is an
 * in-memory dev agent (a leader within half a second); {@link #persistent} keeps its data in a
 * directory so it can be stopped and {@link #restart restarted} with everything still there.
 *
 * <p>The binary comes from {@code FACTOTUM_CONSUL_BIN} or the cache that
 * {@code scripts/consul-binary.sh} fills. Without one the test is skipped with a loud message,
 * except under {@code CI=true}, where it fails.
 */
public final class ConsulAgent implements AutoCloseable {
    /** Large job entries and outputs (1 MiB) exceed Consul's 512 KiB defaults; operators raise these too. */
    static final String LIMITS = "limits { kv_max_value_size = 4194304 txn_max_req_len = 16777216 }";

    private final Path binary;
    private final Optional<Path> dataDir;
    private final Path logFile;
    private final int httpPort;
    private final int[] otherPorts;
    private final List<String> extraHcl;
    private Process process;

    private ConsulAgent(Path binary, Optional<Path> dataDir, Path logFile, String... extraHcl) throws IOException {
        this.binary = binary;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.extraHcl = List.of(extraHcl);
        this.httpPort = freePort();
        this.otherPorts = new int[] {freePort(), freePort(), freePort()};
    }

    /** Starts an in-memory dev agent and waits for its leader. */
    public static ConsulAgent dev() throws IOException, InterruptedException {
        ConsulAgent agent = new ConsulAgent(binary(), Optional.empty(), Files.createTempFile("consul-dev", ".log"));
        agent.start();
        return agent;
    }

    /** Starts a dev agent with extra configuration (e.g. ACLs) and waits for its leader. */
    public static ConsulAgent dev(String extraHcl) throws IOException, InterruptedException {
        ConsulAgent agent = new ConsulAgent(binary(), Optional.empty(), Files.createTempFile("consul-dev", ".log"), extraHcl);
        agent.start();
        return agent;
    }

    /** Starts a single-server agent that keeps its data in {@code dataDir} across restarts. */
    public static ConsulAgent persistent(Path dataDir) throws IOException, InterruptedException {
        ConsulAgent agent = new ConsulAgent(binary(), Optional.of(dataDir), dataDir.resolveSibling(
                dataDir.getFileName() + ".log"));
        agent.start();
        return agent;
    }

    /** The agent's HTTP port (the store's {@code --consul-port}). */
    public int httpPort() {
        return httpPort;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Where the agent logs (kept out of the test output). */
    public Path logFile() {
        return logFile;
    }

    /** Store settings for this agent under {@code namespace}. */
    public ConsulSettings settings(String namespace) {
        return new ConsulSettings(host(), httpPort, namespace, Optional.empty(), Duration.ofSeconds(5));
    }

    /** Stops the agent (SIGTERM, by pid) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            try {
                signal("-CONT"); // a paused agent would not act on SIGTERM
            } catch (IOException | IllegalStateException e) {
                // it is killed below either way
            }
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Freezes the agent (SIGSTOP to its pid): it accepts connections but answers nothing, like a hung host. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a {@link #pause paused} agent (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null) {
            throw new IllegalStateException("the agent is not running");
        }
        int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
        }
    }

    /** Starts the stopped agent again on the same ports (and data, if persistent). */
    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            Thread.currentThread().interrupt();
        }
    }

    private void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "agent"));
        if (dataDir.isEmpty()) {
            command.add("-dev");
        } else {
            Files.createDirectories(dataDir.get());
            command.addAll(List.of("-server", "-bootstrap-expect", "1", "-data-dir", dataDir.get().toString(),
                    "-node", "factotum-test", "-hcl", "performance { raft_multiplier = 1 }"));
        }
        command.addAll(List.of("-bind", "127.0.0.1", "-client", "127.0.0.1", "-log-level", "warn",
                "-http-port", Integer.toString(httpPort), "-dns-port", "-1", "-grpc-port", "-1",
                "-grpc-tls-port", "-1", "-serf-lan-port", Integer.toString(otherPorts[0]),
                "-serf-wan-port", Integer.toString(otherPorts[1]), "-server-port", Integer.toString(otherPorts[2]),
                "-hcl", LIMITS));
        for (String hcl : extraHcl) {
            command.addAll(List.of("-hcl", hcl));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        awaitLeader(Duration.ofSeconds(30));
    }

    private void awaitLeader(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Consul exited with " + process.exitValue() + "; see " + logFile
                        + ":\n" + Files.readString(logFile, StandardCharsets.UTF_8));
            }
            if (hasLeader()) {
                return;
            }
            Thread.sleep(50); // polling an external process's readiness: no event to wait on
        }
        stop();
        throw new IllegalStateException("Consul had no leader within " + timeout + "; see " + logFile);
    }

    /** Whether the agent answers and knows its leader. */
    public boolean hasLeader() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/v1/status/leader")
                    .toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200
                        && new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().length() > 2;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The Consul binary, or a skipped test (a failed one under {@code CI=true}). */
    public static Path binary() {
        Optional<Path> found = findBinary();
        if (found.isEmpty()) {
            String message = "NO CONSUL BINARY: set FACTOTUM_CONSUL_BIN or run `bash scripts/consul-binary.sh` "
                    + "(builds ~/.cache/factotum/consul-1.16.1); the Consul tests are SKIPPED";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message.replace("are SKIPPED", "cannot be skipped under CI=true"));
            }
            System.err.println("*** " + message + " ***");
            Assumptions.abort(message);
        }
        return found.get();
    }

    static Optional<Path> findBinary() {
        String configured = System.getenv("FACTOTUM_CONSUL_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String cacheRoot = System.getenv("FACTOTUM_CACHE_DIR");
        Path cache;
        if (cacheRoot != null && !cacheRoot.isBlank()) {
            cache = Path.of(cacheRoot);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            cache = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("factotum");
        }
        return Optional.of(cache.resolve("consul-1.16.1")).filter(Files::isExecutable);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
