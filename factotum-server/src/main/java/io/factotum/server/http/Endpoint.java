package io.factotum.server.http;

/** One route's logic; runs on a worker thread with the body already read. */
@FunctionalInterface
public interface Endpoint {
    HttpResponse handle(HttpRequest request) throws Exception;
}
