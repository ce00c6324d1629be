package io.factotum.server;

import io.factotum.engine.ScheduleMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.Level;

/**
 * The server's validated settings (from {@link ServerCommandLine} or built directly by tests).
 *
 * @param ip the bind address ({@code --ip}, default 127.0.0.1, ruling 8)
 * @param port the port; 0 picks a free one (tests; the command line turns 0 into 3000 as the original)
 * @param maxJobs the queue bound
 * @param maxWorkers concurrent jobs on this node
 * @param webhook {@code --webhook}, empty for none
 * @param noColour {@code --no-colour}
 * @param nodeId {@code --consul-name}: the server id written to {@code lastRunFrom}
 * @param consulIp {@code --consul-ip} (kept for the Consul store)
 * @param consulPort {@code --consul-port}
 * @param consulNamespace {@code --consul-namespace}: job ids starting with it are accepted by /check
 * @param logLevel {@code --log-level}
 * @param maxStdouterrSize {@code --max-stdouterr-size}, forwarded with the webhook
 * @param factotumBin {@code --factotum-bin}; empty runs jobs in process
 * @param store the storage backend
 * @param dataDir where the RocksDB store lives
 * @param factfileRoots where factfiles may be read from
 * @param apiToken the bearer token every endpoint but health requires; empty for none
 * @param jobTimeout how long a run may take before it is stopped (TIMED_OUT); empty for no limit
 * @param schedule level-by-level or eager task order (in-process runs)
 * @param shutdownGrace how long running jobs get to finish on SIGTERM
 * @param maxBodyBytes largest request body accepted (413 above)
 * @param maxJsonDepth deepest JSON nesting accepted in a body
 * @param nodeLease {@code --node-lease}: how long a node's claims and registration last unless renewed;
 *     a dead node's jobs continue elsewhere after about this long (its Consul session TTL, at least 10 s)
 * @param consulToken {@code --consul-token} / {@code CONSUL_HTTP_TOKEN}: the ACL token of the Consul store
 * @param shellVariables {@code --shell-variables}: substitute request variables into task arguments
 *     unescaped, as Factotum does (ruling 10); off, {@code $ ` \ "} in them are escaped
 * @param maxConnections {@code --max-connections}: open HTTP connections at most; more are refused
 * @param bodyTimeout {@code --body-timeout}: how long a client may take to send a whole request body
 */
public record ServerConfig(
        String ip,
        int port,
        int maxJobs,
        int maxWorkers,
        String webhook,
        boolean noColour,
        String nodeId,
        String consulIp,
        int consulPort,
        String consulNamespace,
        Level logLevel,
        Optional<Long> maxStdouterrSize,
        Optional<Path> factotumBin,
        StoreKind store,
        Path dataDir,
        List<Path> factfileRoots,
        Optional<String> apiToken,
        Optional<Duration> jobTimeout,
        ScheduleMode schedule,
        Duration shutdownGrace,
        long maxBodyBytes,
        int maxJsonDepth,
        Duration nodeLease,
        Optional<String> consulToken,
        boolean shellVariables,
        int maxConnections,
        Duration bodyTimeout) {

    /** The storage backends. */
    public enum StoreKind { ROCKSDB, MEMORY, CONSUL }


    public static final String DEFAULT_IP = "127.0.0.1";
    public static final int DEFAULT_PORT = 3000;
    public static final int DEFAULT_MAX_JOBS = 1000;
    public static final int DEFAULT_MAX_WORKERS = 20;
    public static final String DEFAULT_NODE_ID = "factotum";
    public static final String DEFAULT_CONSUL_IP = "127.0.0.1";
    public static final int DEFAULT_CONSUL_PORT = 8500;
    public static final String DEFAULT_NAMESPACE = "com.snowplowanalytics/factotum";
    public static final Path DEFAULT_DATA_DIR = Path.of("factotum-data");
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    public static final Duration DEFAULT_NODE_LEASE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

    public ServerConfig {
        Objects.requireNonNull(ip, "ip");
        factfileRoots = List.copyOf(factfileRoots);
        Objects.requireNonNull(consulToken, "consulToken");
        Objects.requireNonNull(nodeLease, "nodeLease");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }

    /** The defaults of every flag, with the in-memory store (tests build on this). */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_IP, DEFAULT_PORT, DEFAULT_MAX_JOBS, DEFAULT_MAX_WORKERS, "", false,
                DEFAULT_NODE_ID, DEFAULT_CONSUL_IP, DEFAULT_CONSUL_PORT, DEFAULT_NAMESPACE, Level.WARN,
                Optional.empty(), Optional.empty(), StoreKind.MEMORY, DEFAULT_DATA_DIR, List.of(Path.of("")),
                Optional.empty(), Optional.empty(), ScheduleMode.LEVELS, DEFAULT_SHUTDOWN_GRACE,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH, DEFAULT_NODE_LEASE, Optional.empty(),
                false, DEFAULT_MAX_CONNECTIONS, DEFAULT_BODY_TIMEOUT);
    }

    /**
     * The arguments the server appends to every job's {@code factfileArgs} (server spec 5.3).
     */
    public List<String> serverArgs() {
        List<String> args = new ArrayList<>();
        if (!webhook.isEmpty()) {
            args.add("--webhook");
            args.add(webhook);
            maxStdouterrSize.ifPresent(n -> {
                args.add("--max-stdouterr-size");
                args.add(Long.toString(n));
            });
        }
        if (noColour) {
            args.add("--no-colour");
        }
        return args;
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(ip, newPort, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withLimits(int newMaxJobs, int newMaxWorkers) {
        return new ServerConfig(ip, port, newMaxJobs, newMaxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withFactfileRoots(List<Path> roots) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, roots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withApiToken(Optional<String> token) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, token,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withFactotumBin(Optional<Path> bin) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, bin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withJobTimeout(Optional<Duration> timeout) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                timeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withStore(StoreKind kind, Path dir) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, kind, dir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withShutdownGrace(Duration grace) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, grace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withWebhook(String url, boolean colourOff, Optional<Long> maxSize) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, url, colourOff, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    /** The Consul store on {@code ip:port} under {@code namespace}, as this node {@code nodeId}. */
    public ServerConfig withConsul(String newNodeId, String ip, int port, String namespace, Optional<String> token) {
        return new ServerConfig(this.ip, this.port, maxJobs, maxWorkers, webhook, noColour, newNodeId, ip, port,
                namespace, logLevel, maxStdouterrSize, factotumBin, StoreKind.CONSUL, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, token,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withNodeLease(Duration lease) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, lease, consulToken,
                shellVariables, maxConnections, bodyTimeout);
    }

    public ServerConfig withShellVariables(boolean shell) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shell, maxConnections, bodyTimeout);
    }

    public ServerConfig withHttpLimits(int newMaxConnections, Duration newBodyTimeout) {
        return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp, consulPort,
                consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir, factfileRoots, apiToken,
                jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth, nodeLease, consulToken,
                shellVariables, newMaxConnections, newBodyTimeout);
    }
}
