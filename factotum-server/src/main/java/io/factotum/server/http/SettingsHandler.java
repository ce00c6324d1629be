package io.factotum.server.http;

import io.factotum.server.ServerState;
import io.factotum.server.http.StructDecoder.Field;
import io.factotum.server.http.StructDecoder.Kind;
import java.util.List;
import java.util.Map;

/** {@code POST /settings} (server spec 3.3): switches between {@code run} and {@code drain}. */
public final class SettingsHandler implements Endpoint {
    static final List<Field> FIELDS = List.of(new Field("state", Kind.STRING, true));

    private final ServerState state;
    private final RequestBodies bodies;

    public SettingsHandler(ServerState state, int maxJsonDepth) {
        this.state = state;
        this.bodies = new RequestBodies(maxJsonDepth);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        Map<String, Object> body;
        try {
            body = bodies.decode(request, "SettingsRequest", FIELDS);
        } catch (RequestBodies.Refused e) {
            return e.response;
        }
        String wanted = (String) body.get("state");
        ServerState.Mode mode;
        if (wanted.equals("run")) {
            mode = ServerState.Mode.RUN;
        } else if (wanted.equals("drain")) {
            mode = ServerState.Mode.DRAIN;
        } else {
            return HttpResponse.message(400, "Validation Error: Invalid 'state', must be one of (run|drain)");
        }
        state.setMode(mode);
        return HttpResponse.message(200, "Update acknowledged: [state: " + wanted + "]");
    }
}
