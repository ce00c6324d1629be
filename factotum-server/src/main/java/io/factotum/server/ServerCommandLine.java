package io.factotum.server;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.factotum.engine.ScheduleMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;

/**
 * Reads the command line as Factotum Server 0.3.0 does (server spec 1): the same flags, defaults,
 * messages and exit codes, plus this project's flags. Both {@code --flag=value} and
 * {@code --flag value} are accepted, as docopt does.
 */
public final class ServerCommandLine {
    public static final String VERSION = "0.3.0";

    /** \b-bounded dotted quad, unanchored (server spec 1.3). */
    private static final Pattern IP = Pattern.compile(
            "\\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\b");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Map<String, Level> LEVELS = Map.of("off", Level.OFF, "error", Level.ERROR,
            "warn", Level.WARN, "info", Level.INFO, "debug", Level.DEBUG, "trace", Level.TRACE);

    /** What to do: run with a config, or print and exit. */
    public sealed interface Outcome {
        record Run(ServerConfig config) implements Outcome { }

        record Exit(int code, String stdout, String stderr) implements Outcome { }
    }

    /** The flags as JCommander reads them; values stay strings so that messages can quote input. */
    static final class Flags {
        @Parameter(names = {"-h", "--help"}, help = true)
        boolean help;
        @Parameter(names = {"-v", "--version"})
        boolean version;
        @Parameter(names = "--factotum-bin")
        String factotumBin;
        @Parameter(names = "--ip")
        String ip;
        @Parameter(names = "--port")
        String port;
        @Parameter(names = "--max-jobs")
        String maxJobs;
        @Parameter(names = "--max-workers")
        String maxWorkers;
        @Parameter(names = "--webhook")
        String webhook = "";
        @Parameter(names = "--no-colour")
        boolean noColour;
        @Parameter(names = "--consul-name")
        String consulName = ServerConfig.DEFAULT_NODE_ID;
        @Parameter(names = "--consul-ip")
        String consulIp;
        @Parameter(names = "--consul-port")
        String consulPort;
        @Parameter(names = "--consul-namespace")
        String consulNamespace = ServerConfig.DEFAULT_NAMESPACE;
        @Parameter(names = "--log-level")
        String logLevel;
        @Parameter(names = "--max-stdouterr-size")
        String maxStdouterrSize;
        @Parameter(names = "--store")
        String store = "rocksdb";
        @Parameter(names = "--data-dir")
        String dataDir = ServerConfig.DEFAULT_DATA_DIR.toString();
        @Parameter(names = "--factfile-root")
        List<String> factfileRoots = new ArrayList<>();
        @Parameter(names = "--api-token")
        String apiToken;
        @Parameter(names = "--job-timeout")
        String jobTimeout;
        @Parameter(names = "--schedule")
        String schedule = "levels";
        @Parameter(names = "--shutdown-grace")
        String shutdownGrace;
        @Parameter(names = "--max-body-size")
        String maxBodySize;
        @Parameter(names = "--consul-token")
        String consulToken;
        @Parameter(names = "--node-lease")
        String nodeLease;
        @Parameter(names = "--shell-variables")
        boolean shellVariables;
        @Parameter(names = "--max-connections")
        String maxConnections;
        @Parameter(names = "--body-timeout")
        String bodyTimeout;
    }

    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private ServerCommandLine() {
    }

    /**
     * @param env the process environment (for {@code FACTOTUM_API_TOKEN})
     */
    public static Outcome parse(List<String> args, Map<String, String> env) {
        Flags flags = new Flags();
        try {
            JCommander.newBuilder().addObject(flags).build().parse(splitEquals(args).toArray(String[]::new));
        } catch (ParameterException e) {
            return new Outcome.Exit(1, "", "Invalid arguments.\n\n" + usage() + "\n");
        }
        if (flags.help) {
            return new Outcome.Exit(0, usage() + "\n", "");
        }
        if (flags.version) {
            return new Outcome.Exit(0, "Factotum Server version [" + VERSION + "]\n", "");
        }
        int port;
        int maxJobs;
        int maxWorkers;
        int consulPort;
        Optional<Long> maxStdouterr;
        long maxBody;
        long maxConnections;
        try {
            port = (int) number(flags.port, "u32", "--port", 0xFFFF_FFFFL);
            maxJobs = (int) Math.min(Integer.MAX_VALUE, number(flags.maxJobs, "usize", "--max-jobs", Long.MAX_VALUE));
            maxWorkers = (int) Math.min(10_000, number(flags.maxWorkers, "usize", "--max-workers", Long.MAX_VALUE));
            consulPort = flags.consulPort == null ? ServerConfig.DEFAULT_CONSUL_PORT
                    : (int) number(flags.consulPort, "u32", "--consul-port", 0xFFFF_FFFFL);
            maxStdouterr = flags.maxStdouterrSize == null ? Optional.empty()
                    : Optional.of(number(flags.maxStdouterrSize, "usize", "--max-stdouterr-size", Long.MAX_VALUE));
            maxBody = flags.maxBodySize == null ? ServerConfig.DEFAULT_MAX_BODY_BYTES
                    : number(flags.maxBodySize, "usize", "--max-body-size", Long.MAX_VALUE);
            maxConnections = flags.maxConnections == null ? ServerConfig.DEFAULT_MAX_CONNECTIONS
                    : number(flags.maxConnections, "usize", "--max-connections", 1_000_000);
        } catch (Invalid e) {
            return new Outcome.Exit(1, "", e.getMessage() + "\n");
        }
        try {
            return new Outcome.Run(validate(flags, port, maxJobs, maxWorkers, consulPort, maxStdouterr, maxBody,
                    (int) maxConnections, env));
        } catch (Invalid e) {
            return new Outcome.Exit(1, e.getMessage() + "\n", "");
        }
    }

    private static ServerConfig validate(Flags f, int port, int maxJobs, int maxWorkers, int consulPort,
            Optional<Long> maxStdouterr, long maxBody, int maxConnections, Map<String, String> env) throws Invalid {
        Optional<Path> bin = Optional.ofNullable(f.factotumBin).map(Path::of);
        if (bin.isPresent() && !Files.exists(bin.get())) {
            throw new Invalid("Invalid path for Factotum binary at: '" + f.factotumBin + "'");
        }
        checkIp(f.ip);
        checkIp(f.consulIp);
        Level level = logLevel(f.logLevel);
        ServerConfig.StoreKind store = switch (f.store) {
            case "rocksdb" -> ServerConfig.StoreKind.ROCKSDB;
            case "memory" -> ServerConfig.StoreKind.MEMORY;
            case "consul" -> ServerConfig.StoreKind.CONSUL;
            default -> throw new Invalid("Invalid store: '" + f.store + "' - must be one of (rocksdb|memory|consul)");
        };
        ScheduleMode schedule = switch (f.schedule) {
            case "levels" -> ScheduleMode.LEVELS;
            case "eager" -> ScheduleMode.EAGER;
            default -> throw new Invalid("Invalid schedule: '" + f.schedule + "' - must be one of (levels|eager)");
        };
        Optional<Duration> timeout = f.jobTimeout == null ? Optional.empty()
                : Optional.of(duration(f.jobTimeout, "--job-timeout"));
        Duration grace = f.shutdownGrace == null ? ServerConfig.DEFAULT_SHUTDOWN_GRACE
                : duration(f.shutdownGrace, "--shutdown-grace");
        List<Path> roots = new ArrayList<>();
        for (String root : f.factfileRoots.isEmpty() ? List.of("") : f.factfileRoots) {
            Path p = Path.of(root);
            if (!Files.isDirectory(p.toAbsolutePath())) {
                throw new Invalid("Invalid factfile root: '" + root + "' is not a directory");
            }
            roots.add(p);
        }
        Optional<String> token = apiToken(f.apiToken, env.get("FACTOTUM_API_TOKEN"));
        if (maxConnections == 0) {
            throw new Invalid("Invalid value for '--max-connections': '0' - must be at least 1");
        }
        Duration bodyTimeout = f.bodyTimeout == null ? ServerConfig.DEFAULT_BODY_TIMEOUT
                : duration(f.bodyTimeout, "--body-timeout");
        Duration lease = f.nodeLease == null ? ServerConfig.DEFAULT_NODE_LEASE : duration(f.nodeLease, "--node-lease");
        if (lease.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new Invalid("Invalid duration for '--node-lease': '" + f.nodeLease
                    + "' - must be at least 10s (Consul's shortest session TTL)");
        }
        if (f.consulToken != null && f.consulToken.isBlank()) {
            // Given but empty is a mistake, not a wish for anonymous access: refuse (an empty
            // CONSUL_HTTP_TOKEN stays "unset", as Consul's own tools read it).
            throw new Invalid("Invalid Consul token: '--consul-token' is empty - give the ACL token,"
                    + " or leave the flag out");
        }
        Optional<String> consulToken = Optional.ofNullable(f.consulToken)
                .or(() -> Optional.ofNullable(env.get("CONSUL_HTTP_TOKEN")))
                .filter(t -> !t.isEmpty());
        if (consulToken.isPresent() && consulToken.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new Invalid("Invalid Consul token: it must be printable ASCII without spaces");
        }
        if (store == ServerConfig.StoreKind.CONSUL) {
            try {
                // Fail closed: a store setting Consul cannot use stops the server here, not at first use.
                io.factotum.store.consul.ConsulSettings.of("127.0.0.1", consulPort, f.consulNamespace);
            } catch (IllegalArgumentException e) {
                throw new Invalid(e.getMessage());
            }
        }
        ServerConfig.Builder config = ServerConfig.builder()
                .port(port == 0 || port > 65535 ? ServerConfig.DEFAULT_PORT : port)
                .maxJobs(maxJobs == 0 ? ServerConfig.DEFAULT_MAX_JOBS : maxJobs)
                .maxWorkers(maxWorkers == 0 ? ServerConfig.DEFAULT_MAX_WORKERS : maxWorkers)
                .webhook(f.webhook).noColour(f.noColour).nodeId(f.consulName)
                .consulPort(consulPort).consulNamespace(f.consulNamespace).logLevel(level)
                .maxStdouterrSize(maxStdouterr).factotumBin(bin).store(store).dataDir(Path.of(f.dataDir))
                .factfileRoots(roots).apiToken(token).jobTimeout(timeout).schedule(schedule)
                .shutdownGrace(grace).maxBodyBytes(maxBody).nodeLease(lease).consulToken(consulToken)
                .shellVariables(f.shellVariables).maxConnections(maxConnections).bodyTimeout(bodyTimeout);
        if (f.ip != null) {
            config.ip(f.ip);
        }
        if (f.consulIp != null) {
            config.consulIp(f.consulIp);
        }
        return config.build();
    }

    /**
     * The flag wins over the environment. A token that is given but blank refuses the start: it
     * would otherwise turn authentication off without a word (fail closed).
     */
    static Optional<String> apiToken(String flag, String env) throws Invalid {
        if (flag != null) {
            if (flag.isBlank()) {
                throw new Invalid("Invalid API token: '--api-token' is empty - give a non-empty token,"
                        + " or leave the flag out to run without authentication");
            }
            return Optional.of(flag);
        }
        if (env != null) {
            if (env.isBlank()) {
                throw new Invalid("Invalid API token: FACTOTUM_API_TOKEN is set but empty - give a non-empty token,"
                        + " or unset it to run without authentication");
            }
            return Optional.of(env);
        }
        return Optional.empty();
    }

    /** Server spec 1.2 item 2: {@code Invalid IP address: [<ip>] - Regex mismatch}. */
    static void checkIp(String ip) throws Invalid {
        if (ip != null && !isValidIp(ip)) {
            throw new Invalid("Invalid IP address: [" + ip + "] - Regex mismatch");
        }
    }

    static boolean isValidIp(String ip) {
        return IP.matcher(ip).find();
    }

    /** Case-insensitive; absent means WARN (server spec 1.2 item 4). */
    static Level logLevel(String given) throws Invalid {
        if (given == null) {
            return Level.WARN;
        }
        Level level = LEVELS.get(given.toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new Invalid("Unknown log level: '" + given + "'\nPlease select a valid log level.");
        }
        return level;
    }

    private static long number(String value, String rustType, String flag, long max) throws Invalid {
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0 || n > max || value.startsWith("-") || value.startsWith("+")) {
                throw new NumberFormatException(value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Invalid("Could not decode '" + value + "' to " + rustType + " for '" + flag + "'.");
        }
    }

    static Duration duration(String value, String flag) throws Invalid {
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new Invalid("Invalid duration for '" + flag + "': '" + value
                    + "' - use a positive number with ms, s, m or h, e.g. 90s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    // docopt takes --flag=value and --flag value alike; JCommander only the latter.
    private static List<String> splitEquals(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                out.add(arg.substring(0, eq));
                out.add(arg.substring(eq + 1));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    public static String usage() {
        try (InputStream in = ServerCommandLine.class.getResourceAsStream("usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
