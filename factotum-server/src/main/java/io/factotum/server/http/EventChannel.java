package io.factotum.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * The {@code text/event-stream} response of one client, written without blocking: frames queue here
 * and the IO thread writes everything queued in one gathering write whenever the socket takes more,
 * so a burst of events costs one system call, not one per event. Sends a keep-alive comment every
 * {@code keepAliveMillis} so that idle streams are not timed out.
 */
final class EventChannel {
    private final HttpServerExchange exchange;
    private final StreamSinkChannel sink;
    private final LongConsumer written;
    private final Runnable closed;
    private final long keepAliveMillis;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean ending;
    private boolean done;
    private long lastWrite = System.nanoTime();

    private EventChannel(HttpServerExchange exchange, LongConsumer written, Runnable closed, long keepAliveMillis) {
        this.exchange = exchange;
        this.sink = exchange.getResponseChannel();
        this.written = written;
        this.closed = closed;
        this.keepAliveMillis = keepAliveMillis;
    }

    /**
     * Starts the response and calls {@code ready} with the channel once it may be written (on the
     * exchange's thread, after the handler returns, so that Undertow does not end the exchange).
     *
     * @param written told how many bytes of queued frames reached the socket
     * @param closed run once when the stream is gone (ended, dropped, or closed by the client)
     */
    static void open(HttpServerExchange exchange, LongConsumer written, Runnable closed, long keepAliveMillis,
            java.util.function.Consumer<EventChannel> ready) {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
        exchange.setPersistent(false);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            EventChannel channel = new EventChannel(exchange, written, closed, keepAliveMillis);
            channel.sink.getWriteSetter().set(c -> channel.writeReady());
            channel.sink.getCloseSetter().set(c -> channel.gone());
            channel.scheduleKeepAlive();
            ready.accept(channel);
            channel.flushHead(); // the client sees the 200 and headers now, not with the first event
        });
    }

    /** Queues one frame (already in event-stream form); never blocks. Returns the bytes queued. */
    int send(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (done || ending) {
                return 0;
            }
            queue.addLast(ByteBuffer.wrap(bytes));
            if (writing) {
                return bytes.length;
            }
            writing = true;
        }
        sink.getIoThread().execute(this::writeReady);
        return bytes.length;
    }

    private void flushHead() {
        synchronized (this) {
            if (writing || done) {
                return;
            }
            writing = true;
        }
        sink.getIoThread().execute(this::writeReady);
    }

    /** Ends the stream once everything queued is written. */
    void end() {
        synchronized (this) {
            if (done || ending) {
                return;
            }
            ending = true;
            if (writing) {
                return; // writeReady finishes the job
            }
            writing = true;
        }
        sink.getIoThread().execute(this::writeReady);
    }

    /** Closes the connection now, dropping what is queued. */
    void close() {
        synchronized (this) {
            queue.clear();
            ending = true;
        }
        IoUtils.safeClose(exchange.getConnection());
        gone();
    }

    // IO thread: write what is queued; wait for the socket if it takes less.
    private void writeReady() {
        boolean finish;
        synchronized (this) {
            if (done) {
                return;
            }
            try {
                while (!queue.isEmpty()) {
                    ByteBuffer[] buffers = queue.toArray(ByteBuffer[]::new);
                    long n = sink.write(buffers, 0, buffers.length);
                    if (n > 0) {
                        lastWrite = System.nanoTime();
                    }
                    long freed = 0;
                    while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
                        freed += queue.pollFirst().limit();
                    }
                    if (freed > 0) {
                        written.accept(freed);
                    }
                    if (!queue.isEmpty()) {
                        sink.resumeWrites();
                        return;
                    }
                }
                if (!sink.flush()) {
                    sink.resumeWrites();
                    return;
                }
                sink.suspendWrites();
                writing = false;
                finish = ending;
            } catch (IOException e) {
                finish = false;
                queue.clear();
                IoUtils.safeClose(exchange.getConnection());
            }
        }
        if (finish) {
            finishResponse();
        } else if (!sink.isOpen()) {
            gone();
        }
    }

    private void finishResponse() {
        try {
            sink.shutdownWrites();
            if (!sink.flush()) {
                sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(
                        c -> IoUtils.safeClose(c), ChannelListeners.closingChannelExceptionHandler()));
                sink.resumeWrites();
            } else {
                IoUtils.safeClose(sink);
            }
        } catch (IOException e) {
            IoUtils.safeClose(exchange.getConnection());
        }
        gone();
    }

    private void gone() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            queue.clear();
        }
        closed.run();
    }

    private void scheduleKeepAlive() {
        sink.getIoThread().executeAfter(() -> {
            boolean idle;
            synchronized (this) {
                if (done || ending) {
                    return;
                }
                idle = !writing && System.nanoTime() - lastWrite >= TimeUnit.MILLISECONDS.toNanos(keepAliveMillis) / 2;
            }
            if (idle) {
                send(":\n\n");
            }
            scheduleKeepAlive();
        }, keepAliveMillis, TimeUnit.MILLISECONDS);
    }
}
