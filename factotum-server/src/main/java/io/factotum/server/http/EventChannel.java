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
 * and the IO thread writes what is queued in gathering writes whenever the socket takes more, so a
 * burst of events costs one system call, not one per event; each write offers about twice what the
 * socket took the time before (4 to 64 KiB), so a client that reads slowly costs a small copy per
 * write, not its whole backlog. Sends a keep-alive comment every
 * {@code keepAliveMillis} so that idle streams are not timed out.
 */
final class EventChannel {
    private final HttpServerExchange exchange;
    private final StreamSinkChannel sink;
    private final LongConsumer written;
    private final Runnable closed;
    private final Runnable drained;
    private final long keepAliveMillis;
    /** How long a frame may wait for others to share its write (see send). */
    private static final long COALESCE_MILLIS = 2;
    /** SO_SNDBUF of an event stream's socket. */
    private static final int SEND_BUFFER_BYTES = 64 * 1024;
    /** The bounds of what is offered to one gathering write (see writeReady). */
    private static final int MIN_OFFER_BYTES = 4 * 1024;
    private static final int MAX_OFFER_BYTES = 64 * 1024;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** Reused by writeReady (guarded by this): the buffers of one gathering write. */
    private final ByteBuffer[] gather = new ByteBuffer[256];
    /** What the next gathering write offers: twice what the socket took last time (guarded by this). */
    private int offer = MAX_OFFER_BYTES;
    private boolean writing;
    private boolean ending;
    private boolean done;
    private long lastWrite = System.nanoTime();

    private EventChannel(HttpServerExchange exchange, LongConsumer written, Runnable closed, Runnable drained,
            long keepAliveMillis) {
        this.exchange = exchange;
        this.sink = exchange.getResponseChannel();
        this.written = written;
        this.closed = closed;
        this.drained = drained;
        this.keepAliveMillis = keepAliveMillis;
    }

    /**
     * Starts the response and calls {@code ready} with the channel once it may be written (on the
     * exchange's thread, after the handler returns, so that Undertow does not end the exchange).
     *
     * @param written told how many bytes of queued frames reached the socket
     * @param closed run once when the stream is gone (ended, dropped, or closed by the client)
     * @param drained run on the IO thread, holding no lock, each time everything queued has been written
     */
    static void open(HttpServerExchange exchange, LongConsumer written, Runnable closed, Runnable drained,
            long keepAliveMillis, java.util.function.Consumer<EventChannel> ready) {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
        exchange.setPersistent(false);
        try {
            // A stream's kernel send buffer stays small: left to autotuning, a client that does not
            // read could take megabytes of copies before the per-client bound (maxPendingBytes) is reached.
            exchange.getConnection().setOption(org.xnio.Options.SEND_BUFFER, SEND_BUFFER_BYTES);
        } catch (IOException | RuntimeException e) {
            // not every connection takes it (e.g. in tests); the stream works either way
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            EventChannel channel = new EventChannel(exchange, written, closed, drained, keepAliveMillis);
            channel.sink.getWriteSetter().set(c -> channel.writeReady());
            channel.sink.getCloseSetter().set(c -> channel.gone());
            channel.scheduleKeepAlive();
            ready.accept(channel);
            channel.flushHead(); // the client sees the 200 and headers now, not with the first event
        });
    }

    /** Queues one frame (already in event-stream form); never blocks. Returns the bytes queued. */
    int send(String frame) {
        return send(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** Queues one encoded frame, which may be shared with other channels (it is only read). */
    int send(byte[] bytes) {
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
        // Not at once: events come in bursts (a loud task writes thousands of lines a second), and
        // what queues meanwhile goes out in the same write: one system call per client per burst,
        // not one per event, for at most COALESCE_MILLIS of delay.
        sink.getIoThread().executeAfter(this::writeReady, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
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
        boolean empty = false;
        synchronized (this) {
            if (done) {
                return;
            }
            try {
                while (!queue.isEmpty()) {
                    // The JDK copies every buffer offered to a gathering write into native memory
                    // first, so offering a slow client's whole backlog would copy hundreds of KiB each
                    // time its socket takes one: offer twice what the socket took last time.
                    int count = 0;
                    long offered = 0;
                    for (ByteBuffer b : queue) {
                        if (count == gather.length || count > 0 && offered + b.remaining() > offer) {
                            break;
                        }
                        gather[count++] = b;
                        offered += b.remaining();
                    }
                    long n = sink.write(gather, 0, count);
                    offer = (int) Math.max(MIN_OFFER_BYTES, Math.min(MAX_OFFER_BYTES, 2 * n));
                    java.util.Arrays.fill(gather, 0, count, null);
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
                    if (n < offered) {
                        sink.resumeWrites(); // the socket is full: wait until it takes more
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
                empty = !ending;
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
        } else if (empty) {
            drained.run();
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
