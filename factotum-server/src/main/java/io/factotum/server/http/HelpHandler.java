package io.factotum.server.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/** {@code GET /} and {@code GET /help}: the original's help object, keys sorted (server spec 3.1). */
public final class HelpHandler implements Endpoint {
    static final String HELP = "{\"/check\":{\"function\":\"Fetches the state of a job by the ID.\",\"params\":\"pretty=1, id=[id string]\"},"
            + "\"/help\":{\"function\":\"Returns this message!\",\"params\":\"pretty=1\"},"
            + "\"/settings\":{\"body\":{\"state\":\"run|drain\"},\"function\":\"Updates settings within the server.\",\"params\":\"pretty=1\"},"
            + "\"/status\":{\"function\":\"Returns general information about the server and host system.\",\"params\":\"pretty=1\"},"
            + "\"/submit\":{\"body\":{\"factfileArgs\":\"[ --start step-2 ]\",\"factfilePath\":\"/com.acme-main/factfile\",\"jobName\":\"com.acme-main\"},\"function\":\"Submits a job to the queue.\",\"params\":\"pretty=1\"}}";

    private final JsonElement help = JsonParser.parseString(HELP);

    @Override
    public HttpResponse handle(HttpRequest request) {
        return HttpResponse.json(200, help.deepCopy());
    }
}
