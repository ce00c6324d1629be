package io.factotum.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The factfiles the server cells submit, written under the servers' factfile root. */
final class Factfiles {
    private Factfiles() {
    }

    /** One task running {@code true}. */
    static Path oneTrueTask(Path dir) throws IOException {
        return write(dir.resolve("one-true.factfile"), "one true task", "true", "");
    }

    /**
     * One task that writes its job's {@code n} tag to the FIFO {@code fifo}: {@code sh} runs
     * {@code echo} as a builtin, so the line is written as soon as the task's shell runs. The
     * redirection leads the command, since arguments are quoted ({@code >> fifo echo "17"}).
     */
    static Path oneStartReport(Path dir, Path fifo) throws IOException {
        return write(dir.resolve("start-report.factfile"), "start report", ">> " + fifo + " echo",
                "\"{{ tag:n }}\"");
    }

    private static Path write(Path file, String name, String command, String arguments) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\","
                + "\"data\":{\"name\":\"" + name + "\",\"tasks\":[{\"name\":\"t\",\"executor\":\"shell\",\"command\":\""
                + command + "\",\"arguments\":[" + arguments + "],\"dependsOn\":[],"
                + "\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}]}}\n");
        return file;
    }
}
