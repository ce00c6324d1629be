package io.factotum.bench.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, the leanest client there is, so that a
 * latency is the server's and not a client library's. Not thread-safe: each client thread owns one.
 * Reconnects by itself when the server has closed the connection between two requests.
 */
final class HttpConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** A GET without a body. */
    HttpReply get(String path) throws IOException {
        return send("GET", path, null);
    }

    /** A POST of a JSON body. */
    HttpReply postJson(String path, String json) throws IOException {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8));
    }

    HttpReply send(String method, String path, byte[] body) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        try {
            return exchange(method, path, body);
        } catch (EOFException | java.net.SocketException e) {
            // A kept-alive connection the server closed while idle: once more on a fresh one.
            if (!reused) {
                throw e;
            }
            close();
            connect();
            return exchange(method, path, body);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private HttpReply exchange(String method, String path, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            out.write(headBytes);
        } else {
            // One write, so the request leaves in one segment.
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            out.write(all);
        }
        out.flush();
        ResponseHead response = readHead(in);
        byte[] content;
        if (response.chunked()) {
            content = new ChunkedInputStream(in).readAllBytes();
        } else if (response.contentLength() >= 0) {
            content = in.readNBytes(response.contentLength());
            if (content.length < response.contentLength()) {
                throw new EOFException("body cut short");
            }
        } else {
            content = in.readAllBytes();
            close();
        }
        if (response.closes() && socket != null) {
            close();
        }
        return new HttpReply(response.status(), new String(content, StandardCharsets.UTF_8));
    }

    /** Reads a status line and headers. */
    static ResponseHead readHead(InputStream in) throws IOException {
        String status = readLine(in);
        if (status == null) {
            throw new EOFException("connection closed before a response");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        int length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        return new ResponseHead(code, length, chunked, closes);
    }

    /** A line ended by LF (a CR before it is dropped), or null at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with it
            }
            socket = null;
        }
    }

    /** What the status line and headers said. */
    record ResponseHead(int status, int contentLength, boolean chunked, boolean closes) {
    }

    /** Decodes a chunked body (sizes in hex, extensions and trailers skipped). */
    static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private int left;
        private boolean ended;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                String size = readLine(in);
                if (size == null) {
                    ended = true;
                    return -1;
                }
                if (size.isEmpty()) { // the CRLF after the previous chunk
                    size = readLine(in);
                    if (size == null) {
                        ended = true;
                        return -1;
                    }
                }
                int semicolon = size.indexOf(';');
                left = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (left == 0) {
                    for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) {
                        // trailers: ignored
                    }
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n < 0) {
                ended = true;
                return -1;
            }
            left -= n;
            return n;
        }
    }
}
