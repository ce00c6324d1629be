package io.factotum.server;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small factfiles for tests; tasks are shell command lines. */
final class Factfiles {
    record Task(String name, String commandLine, List<String> dependsOn) {
    }

    private Factfiles() {
    }

    static Task task(String name, String commandLine, String... dependsOn) {
        return new Task(name, commandLine, List.of(dependsOn));
    }

    /**
     * A task that records that it started (appends a line to {@code <dir>/<name>.started}), prints
     * {@code line}, then waits until {@code <dir>/gate} exists.
     */
    static Task gated(Path dir, String name, String line, String... dependsOn) {
        return task(name, "echo started >> '" + dir.resolve(name + ".started") + "'; echo " + line
                + "; while [ ! -f '" + dir.resolve("gate") + "' ]; do sleep 0.02; done", dependsOn);
    }

    static Path write(Path dir, String fileName, String jobName, Task... tasks) {
        Gson gson = new Gson();
        List<String> rendered = new ArrayList<>();
        for (Task t : tasks) {
            rendered.add("{\"name\":" + gson.toJson(t.name()) + ",\"executor\":\"shell\",\"command\":"
                    + gson.toJson(t.commandLine()) + ",\"arguments\":[],\"dependsOn\":" + gson.toJson(t.dependsOn())
                    + ",\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}");
        }
        String text = "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":"
                + gson.toJson(jobName) + ",\"tasks\":[" + String.join(",", rendered) + "]}}";
        try {
            Path file = dir.resolve(fileName);
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void openGate(Path dir) {
        try {
            Files.writeString(dir.resolve("gate"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int startedCount(Path dir, String task) {
        try {
            Path f = dir.resolve(task + ".started");
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
