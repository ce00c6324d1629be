package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.ScheduleMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** Flags, defaults, messages and exit codes (server spec 1; section 10 items 1 to 10). */
class ServerCommandLineTest {
    private static ServerCommandLine.Outcome parse(String... args) {
        return ServerCommandLine.parse(List.of(args), Map.of());
    }

    private static ServerConfig config(String... args) {
        ServerCommandLine.Outcome o = parse(args);
        assertThat(o).isInstanceOf(ServerCommandLine.Outcome.Run.class);
        return ((ServerCommandLine.Outcome.Run) o).config();
    }

    private static ServerCommandLine.Outcome.Exit exit(String... args) {
        ServerCommandLine.Outcome o = parse(args);
        assertThat(o).isInstanceOf(ServerCommandLine.Outcome.Exit.class);
        return (ServerCommandLine.Outcome.Exit) o;
    }

    @Test
    void theStartLineSaysStoreRootsTokenAndWorkers() {
        Path here = Path.of("").toAbsolutePath();
        assertThat(FactotumServerMain.startLine(config(), 3000)).isEqualTo(
                "Factotum Server version [0.3.0] listening on [127.0.0.1:3000] - store: rocksdb in "
                        + here.resolve("factotum-data") + "; factfile roots: " + here
                        + "; API token: not required; workers: 20");
        assertThat(FactotumServerMain.startLine(config("--store=memory", "--api-token=s3cret", "--max-workers=3",
                "--factfile-root=src", "--factfile-root=" + here.resolve("src/../src/test")), 4000)).isEqualTo(
                "Factotum Server version [0.3.0] listening on [127.0.0.1:4000] - store: memory (nothing is kept"
                        + " across restarts); factfile roots: " + here.resolve("src") + ", " + here.resolve("src/test")
                        + "; API token: required; workers: 3");
    }

    @Test
    void defaults() {
        ServerConfig c = config();
        assertThat(c.ip()).isEqualTo("127.0.0.1"); // ruling 8
        assertThat(c.port()).isEqualTo(3000);
        assertThat(c.maxJobs()).isEqualTo(1000);
        assertThat(c.maxWorkers()).isEqualTo(20);
        assertThat(c.webhook()).isEmpty();
        assertThat(c.noColour()).isFalse();
        assertThat(c.nodeId()).isEqualTo("factotum");
        assertThat(c.consulIp()).isEqualTo("127.0.0.1");
        assertThat(c.consulPort()).isEqualTo(8500);
        assertThat(c.consulNamespace()).isEqualTo("com.snowplowanalytics/factotum");
        assertThat(c.logLevel()).isEqualTo(Level.WARN); // 10
        assertThat(c.maxStdouterrSize()).isEmpty();
        assertThat(c.factotumBin()).isEmpty();
        assertThat(c.store()).isEqualTo(ServerConfig.StoreKind.ROCKSDB);
        assertThat(c.dataDir()).isEqualTo(Path.of("factotum-data"));
        assertThat(c.factfileRoots()).containsExactly(Path.of(""));
        assertThat(c.apiToken()).isEmpty();
        assertThat(c.jobTimeout()).isEmpty();
        assertThat(c.schedule()).isEqualTo(ScheduleMode.LEVELS);
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyFlagBothSpellings() {
        ServerConfig c = config("--factotum-bin=.", "--ip", "0.0.0.0", "--port=8080", "--max-jobs", "5",
                "--max-workers=2", "--webhook=http://x.test/", "--no-colour", "--consul-name=node-a",
                "--consul-ip=10.0.0.1", "--consul-port=8501", "--consul-namespace=com.acme/f", "--log-level=DEBUG",
                "--max-stdouterr-size=10000", "--store=memory", "--data-dir=/tmp/fd", "--factfile-root=.",
                "--factfile-root", "/tmp", "--api-token=t", "--job-timeout=90s", "--schedule=eager",
                "--shutdown-grace=2m", "--max-body-size=2048");
        assertThat(c.factotumBin()).contains(Path.of("."));
        assertThat(c.ip()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.maxJobs()).isEqualTo(5);
        assertThat(c.maxWorkers()).isEqualTo(2);
        assertThat(c.serverArgs()).containsExactly("--webhook", "http://x.test/", "--max-stdouterr-size", "10000", "--no-colour");
        assertThat(c.nodeId()).isEqualTo("node-a");
        assertThat(c.consulPort()).isEqualTo(8501);
        assertThat(c.consulNamespace()).isEqualTo("com.acme/f");
        assertThat(c.logLevel()).isEqualTo(Level.DEBUG); // 9: case-insensitive
        assertThat(c.store()).isEqualTo(ServerConfig.StoreKind.MEMORY);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/fd"));
        assertThat(c.factfileRoots()).containsExactly(Path.of("."), Path.of("/tmp"));
        assertThat(c.apiToken()).contains("t");
        assertThat(c.jobTimeout()).contains(Duration.ofSeconds(90));
        assertThat(c.schedule()).isEqualTo(ScheduleMode.EAGER);
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void zeroAndOutOfRangeBecomeTheDefaults() {
        assertThat(config("--port=0").port()).isEqualTo(3000);
        assertThat(config("--port=70000").port()).isEqualTo(3000);
        assertThat(config("--max-jobs=0").maxJobs()).isEqualTo(1000);
        assertThat(config("--max-workers=0").maxWorkers()).isEqualTo(20);
        // max-stdouterr-size only travels with a webhook
        assertThat(config("--max-stdouterr-size=5").serverArgs()).isEmpty();
    }

    @Test
    void tokenFromTheEnvironment() {
        ServerCommandLine.Outcome o = ServerCommandLine.parse(List.of(), Map.of("FACTOTUM_API_TOKEN", "env-t"));
        assertThat(((ServerCommandLine.Outcome.Run) o).config().apiToken()).contains("env-t");
        o = ServerCommandLine.parse(List.of("--api-token=flag-t"), Map.of("FACTOTUM_API_TOKEN", "env-t"));
        assertThat(((ServerCommandLine.Outcome.Run) o).config().apiToken()).contains("flag-t");
    }

    @Test
    void validationMessagesOnStdoutExitOne() {
        // 1, 2
        assertThat(exit("--factotum-bin=/fake/path")).isEqualTo(new ServerCommandLine.Outcome.Exit(1,
                "Invalid path for Factotum binary at: '/fake/path'\n", ""));
        // 3
        assertThat(exit("--ip=NOT.AN.IP").stdout()).isEqualTo("Invalid IP address: [NOT.AN.IP] - Regex mismatch\n");
        assertThat(exit("--consul-ip=x").stdout()).isEqualTo("Invalid IP address: [x] - Regex mismatch\n");
        // 4, 5: valid and absent
        assertThat(config("--ip=255.255.255.255").ip()).isEqualTo("255.255.255.255");
        // 8
        assertThat(exit("--log-level=NOT A LOG LEVEL")).isEqualTo(new ServerCommandLine.Outcome.Exit(1,
                "Unknown log level: 'NOT A LOG LEVEL'\nPlease select a valid log level.\n", ""));
        // bin is checked first
        assertThat(exit("--ip=x", "--factotum-bin=/fake").stdout()).startsWith("Invalid path for Factotum binary");
        // new flags
        assertThat(exit("--store=etcd").stdout()).isEqualTo("Invalid store: 'etcd' - must be one of (rocksdb|memory|consul)\n");
        assertThat(exit("--schedule=fast").stdout()).isEqualTo("Invalid schedule: 'fast' - must be one of (levels|eager)\n");
        assertThat(exit("--job-timeout=soon").stdout()).startsWith("Invalid duration for '--job-timeout': 'soon'");
        assertThat(exit("--factfile-root=/does/not/exist").stdout())
                .isEqualTo("Invalid factfile root: '/does/not/exist' is not a directory\n");
    }

    @Test
    void ipRegexIsUnanchored() {
        assertThat(ServerCommandLine.isValidIp("NOT.AN.IP")).isFalse(); // 6
        assertThat(ServerCommandLine.isValidIp("255.255.255.255")).isTrue(); // 7
        assertThat(ServerCommandLine.isValidIp("1.2.3.4.5")).isTrue();
        assertThat(ServerCommandLine.isValidIp("::1")).isFalse();
    }

    @Test
    void docoptErrorsOnStderrExitOne() {
        ServerCommandLine.Outcome.Exit unknown = exit("--nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.stdout()).isEmpty();
        assertThat(unknown.stderr()).startsWith("Invalid arguments.\n\nFactotum Server.\n\nUsage:\n");
        assertThat(exit("--port=abc")).isEqualTo(new ServerCommandLine.Outcome.Exit(1, "",
                "Could not decode 'abc' to u32 for '--port'.\n"));
        assertThat(exit("--max-jobs=-1").stderr()).isEqualTo("Could not decode '-1' to usize for '--max-jobs'.\n");
    }

    @Test
    void helpAndVersion() {
        ServerCommandLine.Outcome.Exit help = exit("--help");
        assertThat(help.code()).isZero();
        assertThat(help.stdout()).startsWith("Factotum Server.\n\nUsage:\n").contains("--factfile-root=<path>");
        assertThat(exit("-h").stdout()).isEqualTo(help.stdout());
        assertThat(exit("-v")).isEqualTo(new ServerCommandLine.Outcome.Exit(0, "Factotum Server version [0.3.0]\n", ""));
        // version does not validate anything
        assertThat(exit("--version", "--ip=x").code()).isZero();
    }

    @Test
    void upTimeFormat() {
        // 24
        assertThat(ServerState.upTime(Duration.ofSeconds(90_061))).isEqualTo("1 Days, 1 Hours, 1 Minutes, 1 Seconds");
        assertThat(ServerState.upTime(Duration.ZERO)).isEqualTo("0 Days, 0 Hours, 0 Minutes, 0 Seconds");
        assertThat(Optional.of(new ServerState(java.time.Clock.systemUTC()).startTime()).get())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"); // 23
    }

    @Test
    void theConsulStoreTakesAnAclTokenFromTheFlagOrTheEnvironmentAndALease() {
        ServerConfig c = config("--store=consul", "--consul-token=s3cr3t-token", "--node-lease=12s");
        assertThat(c.store()).isEqualTo(ServerConfig.StoreKind.CONSUL);
        assertThat(c.consulToken()).contains("s3cr3t-token");
        assertThat(c.nodeLease()).isEqualTo(Duration.ofSeconds(12));

        ServerCommandLine.Outcome fromEnv = ServerCommandLine.parse(List.of("--store", "consul"),
                Map.of("CONSUL_HTTP_TOKEN", "env-token"));
        assertThat(((ServerCommandLine.Outcome.Run) fromEnv).config().consulToken()).contains("env-token");
        assertThat(config().consulToken()).isEmpty();
        assertThat(config().nodeLease()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badConsulSettingsRefuseToStart() {
        assertThat(exit("--store=consul", "--consul-namespace=/abs").stdout())
                .startsWith("Invalid Consul namespace '/abs'");
        assertThat(exit("--store=consul", "--consul-port=70000").stdout()).startsWith("Consul port must be 1..65535");
        assertThat(exit("--store=consul", "--consul-token=has space").code()).isEqualTo(1);
        assertThat(exit("--store=consul", "--consul-token=").stdout()).startsWith("Invalid Consul token: '--consul-token' is empty");
        assertThat(exit("--node-lease=5s").stdout()).contains("must be at least 10s");
        assertThat(exit("--store=etcd").stdout()).contains("(rocksdb|memory|consul)");
    }
}
