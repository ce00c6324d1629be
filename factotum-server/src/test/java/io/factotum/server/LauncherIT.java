package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/factotum-server}: exit codes and streams of the original, and SIGTERM ends it. */
class LauncherIT {
    @TempDir
    Path tmp;

    record Result(int code, String stdout, String stderr) {
    }

    private Result run(String... args) throws Exception {
        Path root = TestServer.repoRoot();
        assumeTrue(Files.exists(root.resolve("factotum-server/target/factotum-server.jar")), "run after mvn package");
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/factotum-server").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void versionHelpAndRefusals() throws Exception {
        assertThat(run("--version")).isEqualTo(new Result(0, "Factotum Server version [0.3.0]\n", ""));
        Result help = run("-h");
        assertThat(help.code()).isZero();
        assertThat(help.stdout()).startsWith("Factotum Server.\n\nUsage:\n");
        Result unknown = run("--nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("Invalid arguments.\n\nFactotum Server.");
        assertThat(run("--factotum-bin=/fake/path"))
                .isEqualTo(new Result(1, "Invalid path for Factotum binary at: '/fake/path'\n", ""));
        assertThat(run("--log-level=loud").stdout()).isEqualTo("Unknown log level: 'loud'\nPlease select a valid log level.\n");
    }

    @Test
    void sigtermStopsTheServer() throws Exception {
        assumeTrue(Files.exists(TestServer.repoRoot().resolve("factotum-server/target/factotum-server.jar")));
        ServerProcess server = new ServerProcess(tmp, tmp.resolve("server.log"), "--store=memory");
        assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
        server.process.destroy(); // SIGTERM to the JVM (the launcher execs java)
        assertThat(server.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // default data dir untouched with --store=memory; nothing left listening
        assertThat(Files.exists(tmp.resolve("factotum-data"))).isFalse();
    }
}
