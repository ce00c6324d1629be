package io.factotum.server.ctl;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code factotumctl watch}: the queued and running jobs, and those that finished while watching,
 * redrawn on every job event of {@code GET /events}. On a terminal the screen is redrawn in place;
 * otherwise each table is printed after the last, separated by a blank line.
 */
final class JobWatch {
    private final ServerClient client;
    private final PrintStream out;
    private final boolean terminal;
    private final boolean exitWhenIdle;
    private final Map<String, String[]> jobs = new LinkedHashMap<>();

    JobWatch(ServerClient client, PrintStream out, boolean terminal, boolean exitWhenIdle) {
        this.client = client;
        this.out = out;
        this.terminal = terminal;
        this.exitWhenIdle = exitWhenIdle;
    }

    int run() throws ServerClient.Unreachable {
        ResumingEventStream stream = new ResumingEventStream(client, "events");
        boolean changed = false;
        // Subscribe first, then load the lists, so nothing happens unseen in between.
        while (true) {
            StringBuilder refusal = new StringBuilder();
            Optional<ServerSentEvents> connection = stream.connect(refusal);
            if (connection.isEmpty()) {
                System.err.println("factotumctl: " + refusal);
                return FactotumCtl.REFUSED;
            }
            if (stream.atStart()) {
                load();
                draw();
            }
            try (ServerSentEvents events = connection.get()) {
                Optional<ServerSentEvents.Event> next;
                while ((next = stream.next(events)).isPresent()) {
                    ServerSentEvents.Event e = next.get();
                    if (e.type().equals("reset")) {
                        jobs.clear();
                        load();
                    } else if (e.type().equals("job")) {
                        JsonObject d = JsonParser.parseString(e.data()).getAsJsonObject();
                        jobs.put(d.get("jobId").getAsString(), new String[] {d.get("jobName").getAsString(),
                                d.get("state").getAsString(), d.has("outcome") ? d.get("outcome").getAsString()
                                        : d.get("lastOutcome").getAsString(), d.get("node").getAsString()});
                        changed = true;
                    } else {
                        continue;
                    }
                    draw();
                    if (exitWhenIdle && changed && jobs.values().stream().allMatch(j -> j[1].equals("DONE"))) {
                        return FactotumCtl.OK;
                    }
                }
            } catch (IOException e) {
                // dropped: resume below
            }
            if (!stream.awaitReconnect("the event stream keeps ending")) {
                return FactotumCtl.UNREACHABLE;
            }
        }
    }

    private void load() throws ServerClient.Unreachable {
        for (String state : new String[] {"QUEUED", "WORKING"}) {
            ServerClient.Answer a = client.get("jobs?limit=1000&state=" + state);
            if (!a.ok()) {
                continue;
            }
            for (JsonElement e : a.body().getAsJsonObject().getAsJsonArray("jobs")) {
                JsonObject j = e.getAsJsonObject();
                jobs.put(j.getAsJsonObject("jobRequest").get("jobId").getAsString(), new String[] {
                        j.getAsJsonObject("jobRequest").get("jobName").getAsString(), j.get("state").getAsString(),
                        j.get("lastOutcome").getAsString(), j.get("lastRunFrom").getAsString()});
            }
        }
    }

    private void draw() {
        if (terminal) {
            out.print("\033[H\033[2J");
        }
        FactotumCtl.Table t = new FactotumCtl.Table("JOB ID", "NAME", "STATE", "OUTCOME", "NODE");
        jobs.forEach((id, j) -> t.row(id.length() > 12 ? id.substring(0, 12) : id, j[0], j[1], j[2], j[3]));
        t.print(out);
        if (!terminal) {
            out.println();
        }
        out.flush();
    }
}
