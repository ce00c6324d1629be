package io.factotum.server.ctl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code factotumctl}: the job server's command-line client. Global options come before the
 * subcommand; see {@link #USAGE}. Exit codes are part of the interface (see {@link #USAGE}).
 */
public final class FactotumCtl {
    public static final int OK = 0;
    /** The server refused the request (unknown job, wrong state, invalid factfile, bad token). */
    public static final int REFUSED = 1;
    /** The job ended without succeeding. */
    public static final int JOB_FAILED = 2;
    public static final int USAGE_ERROR = 3;
    /** The server could not be reached, or answered with a server error. */
    public static final int UNREACHABLE = 4;
    /** How long a printed line may wait in the output buffer while following a job. */
    private static final long FLUSH_MILLIS = 50;

    static final String DEFAULT_SERVER = "http://127.0.0.1:3000";

    public static final String USAGE = """
            Usage: factotumctl [--server URL] [--token TOKEN] [--json] <command> [arguments]

            Commands:
              submit [--name NAME] [--wait] <factfile> [factfile args...]
                                       submit a job; prints its id (with --wait, follows it to the end)
              list [--state QUEUED|WORKING|DONE] [--name TEXT] [--since TIME] [--until TIME] [--limit N] [--after ID]
                                       jobs, in job id order, one page; --name: name contains TEXT (any case);
                                       --since/--until: latest run started at/after, before TIME
                                       (2026-12-02T10:15:30Z or 2026-12-02); filtered on the server
              show <id>                a job with its runs and task states
              logs [-f] <id>           the latest run's output as "[task] line"; -f follows the job to its end
              cancel <id>              cancel a queued or running job
              resume <id>              run a failed job again, keeping the tasks that succeeded
              status                   the server's state, workers and queue
              drain | run              stop taking jobs / take jobs again
              schedules                every schedule: cron, zone, paused, next fire
              schedule show <name>     a schedule's next fires and recent fires (the job each made, or why not)
              schedule create <name> --cron CRON [--time-zone ZONE] [--overlap skip|queue|allow]
                       [--misfire once|skip|catch-up:N] [--job-name NAME] <factfile> [factfile args...]
                                       create a schedule (the factfile path is read on the server)
              schedule delete|pause|resume <name>
                                       delete a schedule, or stop / start its fires
              watch [--exit-when-idle] a live table of the jobs that are queued or running
              completion bash          the bash completion script (source <(factotumctl completion bash))

            Options:
              --server URL   the server (default: $FACTOTUM_URL, else http://127.0.0.1:3000)
              --token TOKEN  the API token (default: $FACTOTUM_API_TOKEN)
              --json         print the server's JSON instead of tables (one object per line for logs)
              --progress     show progress on standard error while waiting (default: when it is a terminal)

            Exit codes: 0 success; 1 refused by the server; 2 the job did not succeed (logs -f, submit --wait);
            3 usage error; 4 server unreachable or server error.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;
    private ServerClient client;
    private boolean json;
    private boolean progress;

    /** @param terminal whether standard error is a terminal (progress is shown by default then) */
    public FactotumCtl(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
    }

    /** Runs one command line and returns its exit code. */
    public int run(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        String server = env.getOrDefault("FACTOTUM_URL", DEFAULT_SERVER);
        Optional<String> token = Optional.ofNullable(env.get("FACTOTUM_API_TOKEN")).filter(t -> !t.isEmpty());
        progress = terminal;
        try {
            while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
                String option = rest.remove(0);
                switch (option) {
                    case "--server" -> server = value(option, rest);
                    case "--token" -> token = Optional.of(value(option, rest));
                    case "--json" -> json = true;
                    case "--progress" -> progress = true;
                    case "--no-progress" -> progress = false;
                    case "--help" -> {
                        out.print(USAGE);
                        return OK;
                    }
                    default -> throw new UsageException("unknown option " + option);
                }
            }
            if (rest.isEmpty()) {
                throw new UsageException("no command given");
            }
            String command = rest.remove(0);
            if (command.equals("help")) {
                out.print(USAGE);
                return OK;
            }
            if (command.equals("completion")) {
                return completion(rest);
            }
            client = new ServerClient(serverUri(server), token);
            return switch (command) {
                case "submit" -> submit(rest);
                case "list" -> list(rest);
                case "show" -> show(rest);
                case "logs" -> logs(rest);
                case "cancel" -> action(rest, "cancel");
                case "resume" -> action(rest, "resume");
                case "status" -> status(rest);
                case "drain", "run" -> settings(command, rest);
                case "schedules" -> schedules().list(rest);
                case "schedule" -> schedules().run(rest);
                case "watch" -> new JobWatch(client, out, terminal, rest.contains("--exit-when-idle")).run();
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("factotumctl: " + e.getMessage());
            err.println("Run 'factotumctl --help' for usage.");
            return USAGE_ERROR;
        } catch (ServerClient.Unreachable e) {
            err.println("factotumctl: " + e.getMessage());
            return UNREACHABLE;
        } catch (IOException e) {
            err.println("factotumctl: " + e.getMessage());
            return UNREACHABLE;
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static String value(String option, List<String> rest) throws UsageException {
        if (rest.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static URI serverUri(String server) throws UsageException {
        try {
            URI uri = URI.create(server.endsWith("/") ? server : server + "/");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UsageException("--server must be an http(s) URL: " + server);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server must be an http(s) URL: " + server);
        }
    }

    static String one(List<String> rest, String what) throws UsageException {
        if (rest.size() != 1 || rest.get(0).startsWith("-")) {
            throw new UsageException("expected exactly one " + what);
        }
        return rest.get(0);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private int refused(ServerClient.Answer a) {
        return refused(a, out, err, json);
    }

    /** Prints the server's refusal (its JSON too with {@code --json}) and returns {@link #REFUSED}. */
    static int refused(ServerClient.Answer a, PrintStream out, PrintStream err, boolean json) {
        if (json) {
            out.println(a.body());
        }
        err.println("factotumctl: " + a.message());
        return REFUSED;
    }

    private ScheduleCommands schedules() {
        return new ScheduleCommands(client, out, err, json);
    }

    private int submit(List<String> rest) throws UsageException, ServerClient.Unreachable, IOException {
        Optional<String> name = Optional.empty();
        boolean wait = false;
        while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            String option = rest.remove(0);
            switch (option) {
                case "--name" -> name = Optional.of(value(option, rest));
                case "--wait" -> wait = true;
                default -> throw new UsageException("unknown submit option " + option);
            }
        }
        if (rest.isEmpty()) {
            throw new UsageException("submit needs a factfile");
        }
        Path factfile = Path.of(rest.remove(0)).toAbsolutePath().normalize();
        String jobName = name.orElseGet(() -> factfileName(factfile));
        JsonObject body = new JsonObject();
        body.addProperty("jobName", jobName);
        body.addProperty("factfilePath", factfile.toString());
        JsonArray args = new JsonArray();
        rest.forEach(args::add);
        body.add("factfileArgs", args);
        ServerClient.Answer a = client.post("submit", body.toString());
        if (!a.ok()) {
            return refused(a);
        }
        String message = a.message();
        String id = message.substring(message.indexOf('[') + 1, message.lastIndexOf(']'));
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("jobId", id);
            out.println(o);
        } else {
            out.println(id);
        }
        out.flush();
        return wait ? follow(id, false) : OK;
    }

    /** The factfile's own name when the server will be able to read it the same, else the file name. */
    static String factfileName(Path factfile) {
        try {
            JsonObject doc = JsonParser.parseString(Files.readString(factfile)).getAsJsonObject();
            return doc.getAsJsonObject("data").get("name").getAsString();
        } catch (IOException | RuntimeException e) {
            return factfile.getFileName().toString();
        }
    }

    /** The server's page size when {@code --limit} is not given. */
    static final int SERVER_DEFAULT_LIMIT = 100;

    private int list(List<String> rest) throws UsageException, ServerClient.Unreachable {
        // The filters, repeated in every request and in the "more" hint; the paging separately.
        List<String> filterArgs = new ArrayList<>();
        StringBuilder filters = new StringBuilder();
        Optional<String> limitText = Optional.empty();
        Optional<String> after = Optional.empty();
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--state", "--name", "--since", "--until" -> {
                    String v = value(option, rest);
                    filters.append('&').append(option.substring(2)).append('=').append(enc(v));
                    filterArgs.add(option);
                    filterArgs.add(v);
                }
                case "--limit" -> limitText = Optional.of(value(option, rest));
                case "--after" -> after = Optional.of(value(option, rest));
                default -> throw new UsageException("unknown list option " + option);
            }
        }
        int limit = SERVER_DEFAULT_LIMIT;
        if (limitText.isPresent()) {
            try {
                limit = Integer.parseInt(limitText.get());
            } catch (NumberFormatException e) {
                limit = 0; // the server refuses it with its own message
            }
        }
        // A filtered search answers after a bounded scan, perhaps with fewer jobs than asked for and
        // "complete": false; follow its nextAfter until the page is full or nothing is left.
        JsonArray jobs = new JsonArray();
        JsonElement next = com.google.gson.JsonNull.INSTANCE;
        long scanned = 0;
        boolean complete = true;
        boolean following = false;
        for (;;) {
            StringBuilder query = new StringBuilder(filters);
            if (following) {
                query.append("&limit=").append(limit - jobs.size());
            } else if (limitText.isPresent()) {
                query.append("&limit=").append(enc(limitText.get()));
            }
            after.ifPresent(a -> query.append("&after=").append(enc(a)));
            ServerClient.Answer a = client.get("jobs" + (query.length() > 0 ? "?" + query.substring(1) : ""));
            if (!a.ok()) {
                return refused(a);
            }
            JsonObject body = a.body().getAsJsonObject();
            jobs.addAll(body.getAsJsonArray("jobs"));
            next = body.has("nextAfter") ? body.get("nextAfter") : com.google.gson.JsonNull.INSTANCE;
            scanned += body.has("scanned") ? body.get("scanned").getAsLong() : 0;
            complete = !body.has("complete") || body.get("complete").getAsBoolean();
            if (complete || next.isJsonNull() || jobs.size() >= limit) {
                break;
            }
            after = Optional.of(next.getAsString());
            following = true; // each following request asks only for what is left to fill
        }
        if (json) {
            JsonObject merged = new JsonObject();
            merged.add("jobs", jobs);
            merged.add("nextAfter", next);
            merged.addProperty("scanned", scanned);
            merged.addProperty("complete", complete);
            out.println(merged);
            return OK;
        }
        Table t = new Table("JOB ID", "NAME", "STATE", "OUTCOME", "NODE", "LAST RUN");
        for (JsonElement e : jobs) {
            JsonObject j = e.getAsJsonObject();
            JsonElement lastRun = j.get("lastRunAt");
            t.row(j.getAsJsonObject("jobRequest").get("jobId").getAsString(),
                    j.getAsJsonObject("jobRequest").get("jobName").getAsString(), j.get("state").getAsString(),
                    j.get("lastOutcome").getAsString(), j.get("lastRunFrom").getAsString(),
                    lastRun == null || lastRun.isJsonNull() ? "-" : lastRun.getAsString());
        }
        t.print(out);
        if (!next.isJsonNull()) {
            List<String> again = new ArrayList<>(List.of("factotumctl", "list"));
            for (int i = 0; i < filterArgs.size(); i += 2) {
                again.add(filterArgs.get(i));
                again.add(shellWord(filterArgs.get(i + 1)));
            }
            limitText.ifPresent(l -> again.addAll(List.of("--limit", shellWord(l))));
            again.addAll(List.of("--after", next.getAsString()));
            out.println("(more: " + String.join(" ", again) + ")");
        }
        return OK;
    }

    /** {@code word} as one shell word: as is when plainly safe, else single-quoted. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_.,:/@%+=-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private int show(List<String> rest) throws UsageException, ServerClient.Unreachable {
        String id = one(rest, "job id");
        ServerClient.Answer a = client.get("jobs/" + enc(id));
        if (!a.ok()) {
            return refused(a);
        }
        if (json) {
            out.println(a.body());
            return OK;
        }
        JsonObject j = a.body().getAsJsonObject();
        JsonObject req = j.getAsJsonObject("jobRequest");
        out.println("Job:      " + id);
        out.println("Name:     " + req.get("jobName").getAsString());
        out.println("Factfile: " + req.get("factfilePath").getAsString());
        out.println("State:    " + j.get("state").getAsString() + " (" + j.get("lastOutcome").getAsString() + ")");
        out.println("Node:     " + j.get("lastRunFrom").getAsString());
        JsonArray runs = j.getAsJsonArray("runs");
        for (JsonElement r : runs) {
            JsonObject run = r.getAsJsonObject();
            out.println();
            out.println("Run " + run.get("runReference").getAsString() + " on " + run.get("nodeId").getAsString()
                    + ", started " + run.get("startedAt").getAsString() + ": "
                    + (run.get("outcome").isJsonNull() ? "RUNNING" : run.get("outcome").getAsString()));
            Table t = new Table("TASK", "STATE", "EXIT", "MILLIS");
            for (JsonElement te : run.getAsJsonArray("tasks")) {
                JsonObject task = te.getAsJsonObject();
                t.row(task.get("taskName").getAsString(), task.get("state").getAsString(), text(task.get("returnCode")),
                        text(task.get("durationMillis")));
            }
            t.print(out);
        }
        return OK;
    }

    static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? "-" : e.getAsString();
    }

    private int logs(List<String> rest) throws UsageException, ServerClient.Unreachable, IOException {
        boolean follow = rest.remove("-f") | rest.remove("--follow");
        String id = one(rest, "job id");
        if (follow) {
            return follow(id, true);
        }
        ServerClient.Answer a = client.get("jobs/" + enc(id));
        if (!a.ok()) {
            return refused(a);
        }
        JsonArray runs = a.body().getAsJsonObject().getAsJsonArray("runs");
        if (runs.isEmpty()) {
            return OK;
        }
        JsonObject run = runs.get(runs.size() - 1).getAsJsonObject();
        for (JsonElement te : run.getAsJsonArray("tasks")) {
            String task = te.getAsJsonObject().get("taskName").getAsString();
            ServerClient.Answer o = client.get("jobs/" + enc(id) + "/runs/" + enc(run.get("runReference").getAsString())
                    + "/tasks/" + enc(task) + "/output");
            if (!o.ok()) {
                continue; // not started
            }
            JsonObject body = o.body().getAsJsonObject();
            printLines(task, "stdout", body.get("stdout").getAsString());
            printLines(task, "stderr", body.get("stderr").getAsString());
        }
        return OK;
    }

    private void printLines(String task, String stream, String text) {
        if (text.isEmpty()) {
            return;
        }
        String[] lines = text.split("\n", -1);
        int n = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) {
            line(task, stream, lines[i]);
        }
    }

    private void line(String task, String stream, String line) {
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("task", task);
            o.addProperty("stream", stream);
            o.addProperty("line", line);
            out.println(o);
        } else {
            out.println("[" + task + "] " + line);
        }
    }

    /**
     * Follows a job's event stream to its end, reconnecting with {@code Last-Event-ID} if the
     * connection drops; prints output lines when {@code printLines}. Exit 0 if the job succeeded, else 2.
     */
    private int follow(String id, boolean printLines) throws ServerClient.Unreachable, IOException {
        // Lines are written to a buffer (a loud job prints tens of thousands a second) and shown within
        // FLUSH_MILLIS: whether more of the stream has arrived cannot be told reliably, so a timer flushes.
        Thread flusher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(FLUSH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                out.flush();
            }
        }, "factotumctl-flush");
        flusher.setDaemon(true);
        flusher.start();
        try {
            return followWithFlusher(id, printLines);
        } finally {
            flusher.interrupt();
            out.flush();
        }
    }

    private int followWithFlusher(String id, boolean printLines) throws ServerClient.Unreachable, IOException {
        Progress bar = new Progress(err, progress);
        // Every line the server still holds of a running task, not only its latest ones.
        ResumingEventStream stream = new ResumingEventStream(client, "jobs/" + enc(id) + "/events"
                + (printLines ? "?output=all" : ""));
        String outcome = "";
        while (true) {
            StringBuilder refusal = new StringBuilder();
            Optional<ServerSentEvents> connection = stream.connect(refusal);
            if (connection.isEmpty()) {
                bar.clear();
                err.println("factotumctl: " + refusal);
                return REFUSED;
            }
            boolean ended = false;
            try (ServerSentEvents events = connection.get()) {
                Optional<ServerSentEvents.Event> next;
                while ((next = stream.next(events)).isPresent()) {
                    ServerSentEvents.Event e = next.get();
                    JsonObject data = JsonParser.parseString(e.data()).getAsJsonObject();
                    switch (e.type()) {
                        case "output" -> {
                            if (printLines) {
                                bar.clear();
                                line(data.get("task").getAsString(), data.get("stream").getAsString(),
                                        data.get("line").getAsString());
                            }
                        }
                        case "task" -> {
                            out.flush(); // the lines before it, before the progress line is drawn
                            bar.task(data.get("runReference").getAsString(), data.get("task").getAsString(),
                                    data.get("state").getAsString());
                        }
                        case "job" -> {
                            if (data.get("state").getAsString().equals("DONE")) {
                                outcome = data.has("outcome") ? data.get("outcome").getAsString()
                                        : data.get("lastOutcome").getAsString();
                                ended = true;
                            } else {
                                ended = false;
                                outcome = "";
                            }
                        }
                        case "reset" -> {
                            // The server no longer held what came after our last event: say so, never silently.
                            out.flush();
                            bar.clear();
                            err.println("factotumctl: " + (printLines
                                    ? "output lines were lost: this client fell further behind than the server"
                                        + " keeps events; the job's stored state follows"
                                    : "the server no longer held the job's events since the last one received;"
                                        + " its stored state follows"));
                        }
                        default -> { }
                    }
                }
            } catch (IOException e) {
                // the connection dropped: resume below
            }
            if (ended) {
                bar.clear();
                if (progress) {
                    err.println("Job " + id + " finished: " + outcome);
                }
                return outcome.equals("SUCCEEDED") ? OK : JOB_FAILED;
            }
            stream.awaitReconnect("the event stream keeps ending before the job is done");
        }
    }

    private int action(List<String> rest, String verb) throws UsageException, ServerClient.Unreachable {
        String id = one(rest, "job id");
        ServerClient.Answer a = client.post("jobs/" + enc(id) + "/" + verb, "");
        if (!a.ok()) {
            return refused(a);
        }
        out.println(json ? a.body().toString() : a.message());
        return OK;
    }

    private int status(List<String> rest) throws UsageException, ServerClient.Unreachable {
        if (!rest.isEmpty()) {
            throw new UsageException("status takes no arguments");
        }
        ServerClient.Answer a = client.get("status");
        if (!a.ok()) {
            return refused(a);
        }
        if (json) {
            out.println(a.body());
            return OK;
        }
        JsonObject s = a.body().getAsJsonObject();
        JsonObject server = s.getAsJsonObject("server");
        JsonObject workers = s.getAsJsonObject("dispatcher").getAsJsonObject("workers");
        JsonObject jobs = s.getAsJsonObject("dispatcher").getAsJsonObject("jobs");
        out.println("Version:  " + s.get("version").getAsString());
        out.println("State:    " + server.get("state").getAsString());
        out.println("Up:       " + server.get("upTime").getAsString() + " (since " + server.get("startTime").getAsString() + ")");
        out.println("Workers:  " + workers.get("active").getAsInt() + " busy, " + workers.get("idle").getAsInt()
                + " idle, " + workers.get("total").getAsInt() + " in all");
        out.println("Queue:    " + jobs.get("inQueue").getAsInt() + " of " + jobs.get("maxQueueSize").getAsInt());
        return OK;
    }

    private int settings(String mode, List<String> rest) throws UsageException, ServerClient.Unreachable {
        if (!rest.isEmpty()) {
            throw new UsageException(mode + " takes no arguments");
        }
        JsonObject body = new JsonObject();
        body.addProperty("state", mode);
        ServerClient.Answer a = client.post("settings", body.toString());
        if (!a.ok()) {
            return refused(a);
        }
        out.println(json ? a.body().toString() : a.message());
        return OK;
    }

    private int completion(List<String> rest) throws UsageException, IOException {
        if (rest.size() != 1 || !rest.get(0).equals("bash")) {
            throw new UsageException("completion supports: bash");
        }
        try (InputStream in = FactotumCtl.class.getResourceAsStream("factotumctl.bash")) {
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return OK;
    }

    /** A left-aligned text table. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintStream out) {
            int[] widths = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    sb.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", r[i]));
                }
                out.println(sb.toString().stripTrailing());
            }
        }
    }

    /** The one-line progress display on standard error: tasks finished of those seen, and which run. */
    static final class Progress {
        private final PrintStream err;
        private final boolean enabled;
        private final Map<String, String> states = new LinkedHashMap<>();
        private String run = "";
        private boolean shown;

        Progress(PrintStream err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        void task(String runReference, String task, String state) {
            if (!runReference.equals(run)) {
                run = runReference;
                states.clear();
            }
            states.put(task, state);
            if (!enabled) {
                return;
            }
            long done = states.values().stream().filter(s -> !s.equals("RUNNING") && !s.equals("WAITING")).count();
            List<String> running = states.entrySet().stream().filter(e -> e.getValue().equals("RUNNING"))
                    .map(Map.Entry::getKey).toList();
            err.print("\r\033[K[" + done + " done, " + running.size() + " running] " + String.join(", ", running));
            err.flush();
            shown = true;
        }

        void clear() {
            if (shown) {
                err.print("\r\033[K");
                err.flush();
                shown = false;
            }
        }
    }
}
