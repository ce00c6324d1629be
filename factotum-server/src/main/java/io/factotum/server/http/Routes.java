package io.factotum.server.http;

import io.factotum.server.ServerConfig;
import io.factotum.store.StoreException;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xnio.XnioExecutor;

/**
 * The route table and the handler that serves it. Every route runs off the IO threads: a body is
 * first read asynchronously on the IO thread (so a slow client holds no worker while it trickles
 * bytes in), then the endpoint is dispatched to a worker, and the answer is written with the
 * non-blocking sender. Unknown routes and wrong methods get 404 with a JSON message (ruling 7);
 * an unreachable store gets 503 with a JSON message (ruling 6).
 */
public final class Routes {
    private static final Logger LOG = LogManager.getLogger(Routes.class);

    /**
     * One route.
     *
     * @param readsBody whether the endpoint takes a request body
     * @param open whether it is served without the API token (health checks)
     * @param summary one line for the OpenAPI document
     * @param queryParameters the query parameters it reads, for the OpenAPI document
     */
    public record Route(String method, String template, boolean readsBody, boolean open, String summary,
            List<String> queryParameters, Endpoint endpoint, HttpHandler stream) {
        public Route {
            queryParameters = List.copyOf(queryParameters);
        }

        public Route(String method, String template, boolean readsBody, boolean open, String summary,
                List<String> queryParameters, Endpoint endpoint) {
            this(method, template, readsBody, open, summary, queryParameters, endpoint, null);
        }

        /** A GET route that streams Server-Sent Events with its own handler (called on the IO thread). */
        public static Route eventStream(String template, String summary, HttpHandler stream) {
            return eventStream(template, summary, List.of(), stream);
        }

        /** As {@link #eventStream(String, String, HttpHandler)}, reading the given query parameters. */
        public static Route eventStream(String template, String summary, List<String> queryParameters,
                HttpHandler stream) {
            return new Route("GET", template, false, false, summary, queryParameters, null, stream);
        }

        /** Whether it answers with a {@code text/event-stream}. */
        public boolean streams() {
            return stream != null;
        }
    }

    private final List<Route> routes;
    private final long maxBodyBytes;
    /**
     * Runs the open routes (health checks), apart from the worker pool: however many requests are
     * stuck on the workers (a factfile read that blocks), the health checks still answer. Idle
     * threads end, so an unused server holds none. The queue is bounded by the connection limit.
     */
    private final ExecutorService openRoutes;

    private final Duration bodyTimeout;
    /** Bytes of request bodies held across all connections, and the most allowed. */
    private final AtomicLong bodyBytesHeld = new AtomicLong();
    private final long maxBodyBytesHeld;

    /** All bodies in memory at once, at most (or one body of the largest size, if more). */
    public static final long DEFAULT_MAX_BODY_BYTES_HELD = 64L * 1024 * 1024;

    public Routes(List<Route> routes, long maxBodyBytes) {
        this(routes, maxBodyBytes, ServerConfig.DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_BODY_BYTES_HELD);
    }

    /**
     * @param bodyTimeout how long a client gets to send a whole request body; slower ones get 408
     *     and are disconnected (the idle timeouts alone let a body trickle in forever)
     * @param maxBodyBytesHeld the bytes of request bodies all connections together may hold in
     *     memory (raised to {@code maxBodyBytes} if lower); a body that would go past it gets 503,
     *     so many half-sent bodies cannot fill the heap
     */
    public Routes(List<Route> routes, long maxBodyBytes, Duration bodyTimeout, long maxBodyBytesHeld) {
        this.routes = List.copyOf(routes);
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.maxBodyBytesHeld = Math.max(maxBodyBytes, maxBodyBytesHeld);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread t = new Thread(runnable, "factotum-health");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.openRoutes = pool;
    }

    /** Bytes of request bodies held in memory right now, across all connections. */
    long bodyBytesHeld() {
        return bodyBytesHeld.get();
    }

    /** Every registered route, in registration order. */
    public List<Route> table() {
        return routes;
    }

    /** The routing handler (IO thread entry point). */
    public HttpHandler handler() {
        RoutingHandler routing = Handlers.routing();
        for (Route route : routes) {
            if (route.streams()) {
                routing.add(route.method(), route.template(), route.stream());
                continue;
            }
            routing.add(route.method(), route.template(), exchange -> serve(exchange, route));
            if (route.method().equals("GET")) {
                // as Iron's router: HEAD falls back to the GET route (Undertow sends no body)
                routing.add("HEAD", route.template(), exchange -> serve(exchange, route));
            }
        }
        HttpHandler notFound = exchange -> respond(exchange, HttpResponse.message(404,
                "Not found: no route for " + exchange.getRequestMethod() + " " + exchange.getRequestPath()));
        routing.setFallbackHandler(notFound);
        routing.setInvalidMethodHandler(notFound);
        return routing;
    }

    private void serve(HttpServerExchange exchange, Route route) {
        if (!route.readsBody()) {
            if (route.open()) {
                exchange.dispatch(openRoutes, () -> run(exchange, route, null));
            } else {
                exchange.dispatch(() -> run(exchange, route, null));
            }
            return;
        }
        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            tooBig(exchange); // refused before a byte of the body is read
            return;
        }
        exchange.setMaxEntitySize(maxBodyBytes);
        // The body must be complete by the deadline; the timer and the reader both run on this
        // connection's IO thread, and whichever comes first settles the exchange.
        AtomicBoolean settled = new AtomicBoolean();
        XnioExecutor.Key deadline = exchange.getIoThread().executeAfter(() -> {
            if (settled.compareAndSet(false, true)) {
                exchange.getRequestReceiver().pause();
                exchange.setPersistent(false);
                respond(exchange, HttpResponse.message(408, "Request body not received within "
                        + bodyTimeout.toMillis() + " ms"));
            }
        }, bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        // What this body holds of the shared budget, given back once the exchange ends, which
        // Undertow also does when the connection closes mid-body (BodyBytesHeldTest). Not a
        // connection close listener: those would pile up on a long keep-alive connection.
        AtomicLong held = new AtomicLong();
        Runnable giveBack = () -> bodyBytesHeld.addAndGet(-held.getAndSet(0));
        exchange.addExchangeCompleteListener((ex, next) -> {
            giveBack.run();
            next.proceed();
        });
        // Read in pieces and count, so that a chunked body is cut off at the limit too.
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        exchange.getRequestReceiver().receivePartialBytes(
                (ex, chunk, last) -> {
                    if (settled.get()) {
                        return;
                    }
                    if (body.size() + chunk.length > maxBodyBytes) {
                        settle(settled, deadline);
                        ex.getRequestReceiver().pause();
                        tooBig(ex);
                        return;
                    }
                    if (bodyBytesHeld.addAndGet(chunk.length) > maxBodyBytesHeld) {
                        bodyBytesHeld.addAndGet(-chunk.length);
                        settle(settled, deadline);
                        ex.getRequestReceiver().pause();
                        ex.setPersistent(false);
                        respond(ex, HttpResponse.message(503, "Server busy: too many request bodies in flight"));
                        return;
                    }
                    held.addAndGet(chunk.length);
                    body.writeBytes(chunk);
                    if (last && settle(settled, deadline)) {
                        ex.dispatch(() -> run(ex, route, body.toByteArray()));
                    }
                },
                (ex, error) -> {
                    if (!settle(settled, deadline)) {
                        return;
                    }
                    if (isTooBig(error)) {
                        tooBig(ex);
                    } else {
                        LOG.debug("Could not read a request body: {}", error.toString());
                        ex.setStatusCode(400);
                        ex.endExchange();
                    }
                });
    }

    /** Marks the body read as over and cancels its deadline; false if the deadline came first. */
    private static boolean settle(AtomicBoolean settled, XnioExecutor.Key deadline) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        deadline.remove();
        return true;
    }

    private static boolean isTooBig(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RequestTooBigException) {
                return true;
            }
        }
        LOG.info("Body read failed: {}", error.toString());
        return false;
    }

    private static void tooBig(HttpServerExchange exchange) {
        // bodyparser's cause for an oversized body, with the status that says so
        exchange.setPersistent(false);
        respond(exchange, HttpResponse.message(413, "Error decoding JSON string: Body is too big"));
    }

    private static void run(HttpServerExchange exchange, Route route, byte[] body) {
        HttpResponse response;
        try {
            Map<String, String> params = pathParameters(exchange, route.template());
            HttpRequest request = new HttpRequest(exchange.getQueryParameters(), params,
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE)), body);
            response = route.endpoint().handle(request);
        } catch (StoreException e) {
            LOG.warn("Store unavailable for {} {}: {}", route.method(), route.template(), e.getMessage());
            response = HttpResponse.message(503, "Store unavailable - " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = HttpResponse.message(503, "Server is shutting down");
        } catch (Exception e) {
            LOG.error("Unexpected failure in {} {}", route.method(), route.template(), e);
            response = HttpResponse.message(500, "Internal server error");
        }
        respond(exchange, response);
    }

    // RoutingHandler hands template parameters over as path parameters or, in Undertow 2.3, as
    // query parameters added after the URL's own: the last value is the path's.
    static Map<String, String> pathParameters(HttpServerExchange exchange, String template) {
        Map<String, String> params = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            String name = m.group(1);
            java.util.Deque<String> values = exchange.getPathParameters().get(name);
            if (values == null || values.isEmpty()) {
                values = exchange.getQueryParameters().get(name);
            }
            if (values != null && !values.isEmpty()) {
                params.put(name, values.getLast());
            }
        }
        return params;
    }

    /** Writes a response with the non-blocking sender; pretty when the query says {@code pretty=1}. */
    public static void respond(HttpServerExchange exchange, HttpResponse response) {
        LOG.info("{} {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), response.status());
        exchange.setStatusCode(response.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType());
        String body;
        if (response.json() != null) {
            var pretty = exchange.getQueryParameters().get("pretty");
            body = SerdeJsonWriter.write(response.json(), pretty != null && "1".equals(pretty.peekLast()));
        } else {
            body = response.text();
        }
        if (exchange.isInIoThread()) {
            exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
        } else {
            // The write, and so the exchange's end, on the connection's IO thread: ended on a worker,
            // Undertow hands the connection back through a state the IO thread busy-waits on, which
            // cost up to a third of the server's CPU under load on 2 cores (JFR, issue 9).
            exchange.dispatch(exchange.getIoThread(), () -> exchange.getResponseSender().send(body, StandardCharsets.UTF_8));
        }
    }
}
