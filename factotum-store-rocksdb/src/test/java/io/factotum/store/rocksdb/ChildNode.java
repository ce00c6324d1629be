package io.factotum.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A scheduler node in a child JVM (a main that speaks {@link ChildNodeCommands}' line protocol),
 * with its stdout lines in a queue. The test kills it by {@link #process()} and destroys it after.
 */
final class ChildNode {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final Duration wait;

    /**
     * @param jvmOptions options before the class path (e.g. for native access)
     * @param stderr where the child's stderr goes
     * @param wait how long {@link #await} waits for one line
     */
    ChildNode(List<String> jvmOptions, Class<?> main, List<String> args, Path stderr, Duration wait)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        this.process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        this.wait = wait;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child died
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    Process process() {
        return process;
    }

    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** Waits for the first line matching, returning it; every line read is kept in {@code seen}. */
    String await(Predicate<String> wanted, List<String> seen) throws InterruptedException {
        while (true) {
            String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("child output after %s", seen).isNotNull();
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Submits a factfile and waits for the answer: the job id, or the test fails on a refusal. */
    String submit(String name, Path factfile, List<String> seen) throws IOException, InterruptedException {
        send("submit " + name + " " + factfile);
        String answer = await(line -> line.startsWith("accepted ") || line.startsWith("refused "), seen);
        assertThat(answer).as("submit %s", name).startsWith("accepted ");
        return answer.substring("accepted ".length());
    }
}
