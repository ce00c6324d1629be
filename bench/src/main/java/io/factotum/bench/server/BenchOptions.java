package io.factotum.bench.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's command line: {@code <mode> [--name value]... [--system label=url[,url...]]...}.
 *
 * @param mode {@code burst}, {@code latency} or {@code idle}
 * @param systems the servers measured, by label; several URLs are one cluster (submissions round robin)
 * @param values every other {@code --name value}
 */
record BenchOptions(String mode, Map<String, List<URI>> systems, Map<String, String> values) {

    static BenchOptions parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ServerBench burst|latency|idle --work <dir> "
                    + "--system <label>=<url>[,<url>...] [--name value]...");
        }
        Map<String, List<URI>> systems = new LinkedHashMap<>();
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value at " + args[i]);
            }
            String name = args[i].substring(2);
            String value = args[i + 1];
            if (name.equals("system")) {
                int eq = value.indexOf('=');
                List<URI> urls = new ArrayList<>();
                for (String u : value.substring(eq + 1).split(",")) {
                    urls.add(URI.create(u));
                }
                systems.put(value.substring(0, eq), urls);
            } else {
                values.put(name, value);
            }
        }
        if (systems.isEmpty()) {
            throw new IllegalArgumentException("no --system given");
        }
        return new BenchOptions(args[0], systems, values);
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The directory under the servers' factfile root where the harness writes its factfiles. */
    Path work() {
        String w = values.get("work");
        if (w == null) {
            throw new IllegalArgumentException("--work <dir under the servers' factfile root> is required");
        }
        return Path.of(w).toAbsolutePath();
    }
}
