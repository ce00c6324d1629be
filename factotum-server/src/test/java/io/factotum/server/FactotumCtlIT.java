package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/factotumctl} as a real process against a real server: submit, logs -f and its exit code. */
class FactotumCtlIT {
    @TempDir
    Path dir;
    TestServer http;

    @BeforeEach
    void start() {
        http = new TestServer(TestServer.config(dir));
    }

    @AfterEach
    void stop() {
        http.close();
    }

    record Result(int code, String stdout, String stderr) { }

    private Result ctl(String... args) throws Exception {
        Path root = TestServer.repoRoot();
        assumeTrue(Files.exists(root.resolve("factotum-server/target/factotum-server.jar")), "run after mvn package");
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/factotumctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("FACTOTUM_URL", http.base);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void submitThenFollowTheLogsToTheOutcome() throws Exception {
        Path ok = Factfiles.write(dir, "ok.factfile", "ok", Factfiles.task("hello", "echo hello; echo world"),
                Factfiles.task("bye", "echo bye", "hello"));
        Result submitted = ctl("submit", ok.toString());
        assertThat(submitted.code()).as(submitted.stderr()).isZero();
        String id = submitted.stdout().trim();
        assertThat(ctl("logs", "-f", id)).isEqualTo(new Result(0, "[hello] hello\n[hello] world\n[bye] bye\n", ""));

        Path bad = Factfiles.write(dir, "bad.factfile", "bad", Factfiles.task("oops", "echo oops >&2; exit 3"));
        String failed = ctl("submit", bad.toString()).stdout().trim();
        assertThat(ctl("logs", "-f", failed)).isEqualTo(new Result(2, "[oops] oops\n", ""));
        assertThat(ctl("status").stdout()).contains("State:    run");
    }

    @Test
    void logsFollowShowsALineWhileTheJobStillRuns() throws Exception {
        Path root = TestServer.repoRoot();
        assumeTrue(Files.exists(root.resolve("factotum-server/target/factotum-server.jar")), "run after mvn package");
        // the line comes a moment after the task's start, and nothing else comes until the gate opens
        Path gated = Factfiles.write(dir, "gated.factfile", "gated",
                Factfiles.task("work", "sleep 0.5; echo before; while [ ! -f '" + dir.resolve("gate") + "' ]; do sleep 0.02; done"),
                Factfiles.task("last", "echo after", "work"));
        String id = ctl("submit", gated.toString()).stdout().trim();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/factotumctl").toString(), "logs", "-f", id)
                .directory(dir.toFile()).redirectError(dir.resolve("follow-err").toFile());
        pb.environment().put("FACTOTUM_URL", http.base);
        Process follow = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was ended: what it wrote is in the queue
            }
            lines.add(END);
        }, "logs-f reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // the process's standard output is buffered: the line must still come while the task waits
            assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("[work] before");
            assertThat(http.state(id)).isEqualTo("WORKING");
            Factfiles.openGate(dir);
            assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("[last] after");
            assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo(END);
            assertThat(follow.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(follow.exitValue()).isZero();
        } finally {
            follow.destroyForcibly(); // a failed test leaves no logs -f following
        }
    }

    private static final String END = "(end of output)";
}
