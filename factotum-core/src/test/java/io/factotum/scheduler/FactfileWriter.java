package io.factotum.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small factfiles for scheduler tests. */
final class FactfileWriter {
    private final String name;
    private final List<String> tasks = new ArrayList<>();

    FactfileWriter(String name) {
        this.name = name;
    }

    /** A task running {@code command} (no arguments), continuing on 0, no-op on {@code noOpCodes}. */
    FactfileWriter task(String taskName, String command, List<Integer> noOpCodes, String... dependsOn) {
        StringBuilder deps = new StringBuilder();
        for (String d : dependsOn) {
            deps.append(deps.isEmpty() ? "" : ",").append(quote(d));
        }
        tasks.add("{\"name\":" + quote(taskName) + ",\"executor\":\"shell\",\"command\":" + quote(command)
                + ",\"arguments\":[],\"dependsOn\":[" + deps + "],\"onResult\":{\"terminateJobWithSuccess\":"
                + noOpCodes + ",\"continueJob\":[0]}}");
        return this;
    }

    FactfileWriter task(String taskName, String command, String... dependsOn) {
        return task(taskName, command, List.of(), dependsOn);
    }

    Path writeTo(Path file) {
        String text = "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":"
                + quote(name) + ",\"tasks\":[" + String.join(",", tasks) + "]}}";
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
