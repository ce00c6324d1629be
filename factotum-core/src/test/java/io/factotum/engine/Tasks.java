package io.factotum.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.OnResult;
import io.factotum.factfile.TaskSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds factfiles for engine tests without the parser (written concurrently by another helper):
 * hand-made tasks, and a test-only Gson loader for the fixture factfiles (no schema checks, no
 * templating).
 */
public final class Tasks {
    private Tasks() {
    }

    /** {@code echo <name>}, continue on 0, terminate on nothing. */
    public static TaskSpec task(String name, String... dependsOn) {
        return new TaskSpec(name, "shell", "echo", List.of(name), Arrays.asList(dependsOn),
                new OnResult(List.of(), List.of(0)));
    }

    public static TaskSpec shell(String name, String commandLine, String... dependsOn) {
        // TaskSpec.shellLine() appends " " and the quoted arguments; with no arguments the line is
        // "<command> ", which sh runs the same.
        return new TaskSpec(name, "shell", commandLine, List.of(), Arrays.asList(dependsOn),
                new OnResult(List.of(), List.of(0)));
    }

    public static TaskSpec withMapping(TaskSpec task, List<Integer> terminate, List<Integer> cont) {
        return task.withOnResult(new OnResult(terminate, cont));
    }

    public static Factfile factfile(String name, TaskSpec... tasks) {
        return new Factfile(name, List.of(tasks), "{}");
    }

    public static Factfile factfile(TaskSpec... tasks) {
        return factfile("test job", tasks);
    }

    /** Loads a fixture factfile's {@code data} with Gson; enough for tests of the engine. */
    public static Factfile load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObject data = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("data");
        List<TaskSpec> tasks = new ArrayList<>();
        for (JsonElement element : data.getAsJsonArray("tasks")) {
            JsonObject t = element.getAsJsonObject();
            JsonObject onResult = t.getAsJsonObject("onResult");
            tasks.add(new TaskSpec(t.get("name").getAsString(), t.get("executor").getAsString(),
                    t.get("command").getAsString(), strings(t.getAsJsonArray("arguments")),
                    strings(t.getAsJsonArray("dependsOn")),
                    new OnResult(ints(onResult.getAsJsonArray("terminateJobWithSuccess")),
                            ints(onResult.getAsJsonArray("continueJob")))));
        }
        return new Factfile(data.get("name").getAsString(), tasks, text);
    }

    public static Path repoRoot() {
        String configured = System.getProperty("factotum.repo.root");
        if (configured != null && Files.isDirectory(Paths.get(configured, "testdata"))) {
            return Paths.get(configured);
        }
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("testdata"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (a directory holding testdata/)");
        }
        return dir;
    }

    public static Path testdata(String relative) {
        return repoRoot().resolve("testdata").resolve(relative);
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        array.forEach(e -> values.add(e.getAsString()));
        return values;
    }

    private static List<Integer> ints(JsonArray array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(e -> values.add(e.getAsInt()));
        return values;
    }

    public static List<String> names(List<TaskSpec> tasks) {
        return tasks.stream().map(TaskSpec::name).toList();
    }

    public static List<List<String>> names(JobPlan plan) {
        return plan.levels().stream().map(Tasks::names).toList();
    }
}
