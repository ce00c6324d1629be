package io.factotum.cli;

import java.util.List;
import java.util.stream.Collectors;

/** Factfiles written by tests (into a @TempDir, never committed). */
final class SampleFactfiles {
    private SampleFactfiles() { }

    /** A job of one task running {@code command} with no arguments. */
    static String single(String name, String command) {
        return job("test job", List.of(task(name, command, List.of())));
    }

    static String job(String name, List<String> tasks) {
        return "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":"
                + quote(name) + ",\"tasks\":[" + String.join(",", tasks) + "]}}";
    }

    static String task(String name, String command, List<String> dependsOn) {
        return "{\"name\":" + quote(name) + ",\"executor\":\"shell\",\"command\":" + quote(command)
                + ",\"arguments\":[],\"dependsOn\":[" + dependsOn.stream().map(SampleFactfiles::quote)
                .collect(Collectors.joining(",")) + "],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
