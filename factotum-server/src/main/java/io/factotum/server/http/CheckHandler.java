package io.factotum.server.http;

import io.factotum.server.JobService;
import java.util.Optional;

/** {@code GET /check?id=} (server spec 3.5). */
public final class CheckHandler implements Endpoint {
    private final JobService jobs;
    private final String namespace;

    public CheckHandler(JobService jobs, String namespace) {
        this.jobs = jobs;
        this.namespace = namespace;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        Optional<String> id = request.queryLast("id");
        if (id.isEmpty()) {
            return HttpResponse.message(400, "Error: No 'id' found in URL query parameters");
        }
        return storeId(id.get(), namespace).filter(JobsHandler::isPlausibleId).flatMap(jobs::check)
                .map(entry -> HttpResponse.json(200, JobJson.entry(entry)))
                .orElseGet(() -> HttpResponse.message(400, "Error: No job entry found for id='" + id.get() + "'"));
    }

    /**
     * The store's job id for an id as given: the original's key is {@code <namespace>/<id>} unless
     * the id already starts with the namespace; ids are stored without the namespace here.
     */
    static Optional<String> storeId(String given, String namespace) {
        if (!given.startsWith(namespace)) {
            return Optional.of(given);
        }
        String rest = given.substring(namespace.length());
        return rest.startsWith("/") ? Optional.of(rest.substring(1)) : Optional.empty();
    }
}
