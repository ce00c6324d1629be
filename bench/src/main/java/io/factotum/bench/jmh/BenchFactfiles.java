package io.factotum.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The factfiles the benchmarks read: a small real one (the fixture named by the system property
 * {@value #FIXTURE_PROPERTY}, which {@code bench/jmh.sh} sets) and a generated wide DAG.
 */
public final class BenchFactfiles {
    /** System property naming the small fixture factfile. */
    public static final String FIXTURE_PROPERTY = "factotum.bench.fixture";
    private static final String SCHEMA = "iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0";

    private BenchFactfiles() {
    }

    /** The small fixture's text. */
    public static String small() {
        String path = System.getProperty(FIXTURE_PROPERTY, "testdata/factfiles/echo.factfile");
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fixture factfile " + path + " (set -D"
                    + FIXTURE_PROPERTY + ")", e);
        }
    }

    /**
     * A factfile of {@code tasks} tasks in levels of 100, each task depending on two tasks of the
     * level before: the shape of a real wide DAG, about 1.6 MB for 10,000 tasks as in issue 9.
     */
    public static String generated(int tasks) {
        int width = 100;
        StringBuilder out = new StringBuilder(tasks * 170)
                .append("{\"schema\":\"").append(SCHEMA).append("\",\"data\":{\"name\":\"generated ")
                .append(tasks).append("\",\"tasks\":[");
        for (int i = 0; i < tasks; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("\n  {\"name\":\"task-").append(i)
                    .append("\",\"executor\":\"shell\",\"command\":\"echo\",\"arguments\":[\"task ")
                    .append(i).append("\"],\"dependsOn\":[");
            int level = i / width;
            if (level > 0) {
                int previousStart = (level - 1) * width;
                out.append("\"task-").append(previousStart + i % width).append("\",\"task-")
                        .append(previousStart + (i + 1) % width).append('"');
            }
            out.append("],\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}}");
        }
        return out.append("\n]}}\n").toString();
    }
}
