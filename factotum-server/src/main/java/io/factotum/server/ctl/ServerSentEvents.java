package io.factotum.server.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} body event by event (the WHATWG rules that matter here: {@code id},
 * {@code event}, multi-line {@code data}, comments; an event without an id keeps the previous one).
 */
public final class ServerSentEvents implements AutoCloseable {
    /**
     * One event.
     *
     * @param lastEventId the id in force after it (its own, or the last one seen), empty if none yet
     * @param type its {@code event} field, {@code message} if none
     * @param data its data lines joined with newlines
     */
    public record Event(String lastEventId, String type, String data) { }

    private final BufferedReader reader;
    private String lastEventId = "";

    public ServerSentEvents(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or empty when the stream has ended. */
    public Optional<Event> next() throws IOException {
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(lastEventId, type == null ? "message" : type, data.toString()));
                }
                type = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue; // a comment: the server's keep-alive
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "id" -> lastEventId = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> { } // retry and unknown fields: nothing to do
            }
        }
        return Optional.empty();
    }

    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
