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
 * @param listScanBudget how many job entries one filtered {@code GET /jobs} examines at most before it
 *     answers with what it found and where to go on (not a command-line flag: the default suits; tests
 *     lower it to reach the budget with few jobs)
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
        Duration bodyTimeout,
        int listScanBudget) {

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
    public static final int DEFAULT_LIST_SCAN_BUDGET = 5000;

    public ServerConfig {
        Objects.requireNonNull(ip, "ip");
        factfileRoots = List.copyOf(factfileRoots);
        Objects.requireNonNull(consulToken, "consulToken");
        Objects.requireNonNull(nodeLease, "nodeLease");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (listScanBudget < 1) {
            throw new IllegalArgumentException("listScanBudget must be at least 1");
        }
    }

    /** The defaults of every flag, with the in-memory store (tests build on this). */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults of every flag, with the in-memory store. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
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

    /**
     * Builds a {@link ServerConfig} one setting at a time; {@link #build()} is the only caller of the
     * canonical constructor, so a new setting is added here (field, setter, copy, build) and in the record.
     * Each setter sets the record component of the same name (documented on the record); the
     * record's constructor checks the values when {@link #build()} is called.
     */
    public static final class Builder {
        private String ip = DEFAULT_IP;
        private int port = DEFAULT_PORT;
        private int maxJobs = DEFAULT_MAX_JOBS;
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private String webhook = "";
        private boolean noColour;
        private String nodeId = DEFAULT_NODE_ID;
        private String consulIp = DEFAULT_CONSUL_IP;
        private int consulPort = DEFAULT_CONSUL_PORT;
        private String consulNamespace = DEFAULT_NAMESPACE;
        private Level logLevel = Level.WARN;
        private Optional<Long> maxStdouterrSize = Optional.empty();
        private Optional<Path> factotumBin = Optional.empty();
        private StoreKind store = StoreKind.MEMORY;
        private Path dataDir = DEFAULT_DATA_DIR;
        private List<Path> factfileRoots = List.of(Path.of(""));
        private Optional<String> apiToken = Optional.empty();
        private Optional<Duration> jobTimeout = Optional.empty();
        private ScheduleMode schedule = ScheduleMode.LEVELS;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;
        private Duration nodeLease = DEFAULT_NODE_LEASE;
        private Optional<String> consulToken = Optional.empty();
        private boolean shellVariables;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private int listScanBudget = DEFAULT_LIST_SCAN_BUDGET;

        private Builder() {
        }

        private Builder(ServerConfig from) {
            ip = from.ip;
            port = from.port;
            maxJobs = from.maxJobs;
            maxWorkers = from.maxWorkers;
            webhook = from.webhook;
            noColour = from.noColour;
            nodeId = from.nodeId;
            consulIp = from.consulIp;
            consulPort = from.consulPort;
            consulNamespace = from.consulNamespace;
            logLevel = from.logLevel;
            maxStdouterrSize = from.maxStdouterrSize;
            factotumBin = from.factotumBin;
            store = from.store;
            dataDir = from.dataDir;
            factfileRoots = from.factfileRoots;
            apiToken = from.apiToken;
            jobTimeout = from.jobTimeout;
            schedule = from.schedule;
            shutdownGrace = from.shutdownGrace;
            maxBodyBytes = from.maxBodyBytes;
            maxJsonDepth = from.maxJsonDepth;
            nodeLease = from.nodeLease;
            consulToken = from.consulToken;
            shellVariables = from.shellVariables;
            maxConnections = from.maxConnections;
            bodyTimeout = from.bodyTimeout;
            listScanBudget = from.listScanBudget;
        }

        public Builder ip(String value) {
            ip = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder maxJobs(int value) {
            maxJobs = value;
            return this;
        }

        public Builder maxWorkers(int value) {
            maxWorkers = value;
            return this;
        }

        public Builder webhook(String value) {
            webhook = value;
            return this;
        }

        public Builder noColour(boolean value) {
            noColour = value;
            return this;
        }

        public Builder nodeId(String value) {
            nodeId = value;
            return this;
        }

        public Builder consulIp(String value) {
            consulIp = value;
            return this;
        }

        public Builder consulPort(int value) {
            consulPort = value;
            return this;
        }

        public Builder consulNamespace(String value) {
            consulNamespace = value;
            return this;
        }

        public Builder logLevel(Level value) {
            logLevel = value;
            return this;
        }

        public Builder maxStdouterrSize(Optional<Long> value) {
            maxStdouterrSize = value;
            return this;
        }

        public Builder factotumBin(Optional<Path> value) {
            factotumBin = value;
            return this;
        }

        public Builder store(StoreKind value) {
            store = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder factfileRoots(List<Path> value) {
            factfileRoots = value;
            return this;
        }

        public Builder apiToken(Optional<String> value) {
            apiToken = value;
            return this;
        }

        public Builder jobTimeout(Optional<Duration> value) {
            jobTimeout = value;
            return this;
        }

        public Builder schedule(ScheduleMode value) {
            schedule = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder maxJsonDepth(int value) {
            maxJsonDepth = value;
            return this;
        }

        public Builder nodeLease(Duration value) {
            nodeLease = value;
            return this;
        }

        public Builder consulToken(Optional<String> value) {
            consulToken = value;
            return this;
        }

        public Builder shellVariables(boolean value) {
            shellVariables = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder bodyTimeout(Duration value) {
            bodyTimeout = value;
            return this;
        }

        public Builder listScanBudget(int value) {
            listScanBudget = value;
            return this;
        }

        /** @throws IllegalArgumentException if a setting is out of range (see the record's checks) */
        public ServerConfig build() {
            return new ServerConfig(ip, port, maxJobs, maxWorkers, webhook, noColour, nodeId, consulIp,
                    consulPort, consulNamespace, logLevel, maxStdouterrSize, factotumBin, store, dataDir,
                    factfileRoots, apiToken, jobTimeout, schedule, shutdownGrace, maxBodyBytes, maxJsonDepth,
                    nodeLease, consulToken, shellVariables, maxConnections, bodyTimeout, listScanBudget);
        }
    }
}
