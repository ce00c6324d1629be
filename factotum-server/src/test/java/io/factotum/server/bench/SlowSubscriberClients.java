package io.factotum.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The slow event-stream clients of {@link SlowSubscribersHarness}, in a JVM of their own so that
 * their cost is not charged to the server's process. One thread serves every client: each 10 ms it
 * reads at most 1 KiB from each socket (4 KiB receive buffer) without blocking, which is what a
 * slow client looks like to the server. A second thread reads commands from standard input, one a
 * line, and the answers go to standard output:
 * <ul>
 *   <li>{@code open PORT PATH COUNT}: opens COUNT streams of PATH; answers {@code OPENED COUNT}</li>
 *   <li>{@code close}: closes them all; answers {@code CLOSED N}, N being how many the server had ended</li>
 * </ul>
 * It exits when standard input ends.
 */
public final class SlowSubscriberClients {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final List<SocketChannel> open = new ArrayList<>();
    private int endedByServer;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1024);

    private SlowSubscriberClients() {
    }

    public static void main(String[] args) throws Exception {
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                }
            } catch (IOException e) {
                // the harness went away
            }
            commands.add("quit");
        }, "commands");
        stdin.setDaemon(true);
        stdin.start();
        new SlowSubscriberClients().serve(commands);
    }

    private void serve(BlockingQueue<String> commands) throws IOException, InterruptedException {
        long next = System.nanoTime();
        while (true) {
            String command;
            while ((command = commands.poll()) != null) {
                if (!handle(command.trim().split(" "))) {
                    closeAll();
                    return;
                }
            }
            readOnce();
            next += TICK_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else {
                next = System.nanoTime(); // behind: do not try to catch up with a burst of reads
            }
        }
    }

    private boolean handle(String[] words) throws IOException {
        switch (words[0]) {
            case "open" -> {
                int port = Integer.parseInt(words[1]);
                int count = Integer.parseInt(words[3]);
                for (int i = 0; i < count; i++) {
                    open.add(connect(port, words[2]));
                }
                answer("OPENED " + count);
            }
            case "close" -> answer("CLOSED " + closeAll());
            case "quit" -> {
                return false;
            }
            default -> answer("ERROR unknown command " + words[0]);
        }
        return true;
    }

    private static SocketChannel connect(int port, String path) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        channel.connect(new InetSocketAddress("127.0.0.1", port));
        ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        while (request.hasRemaining()) {
            channel.write(request);
        }
        channel.configureBlocking(false);
        return channel;
    }

    /** One slow read from every client; a client whose stream the server ended is closed and counted. */
    private void readOnce() throws IOException {
        for (int i = open.size() - 1; i >= 0; i--) {
            SocketChannel channel = open.get(i);
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                n = -1; // reset by the server
            }
            if (n < 0) {
                endedByServer++;
                channel.close();
                open.remove(i);
            }
        }
    }

    private int closeAll() throws IOException {
        readOnce(); // count streams the server ended since the last tick
        for (SocketChannel channel : open) {
            channel.close();
        }
        open.clear();
        int ended = endedByServer;
        endedByServer = 0;
        return ended;
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
