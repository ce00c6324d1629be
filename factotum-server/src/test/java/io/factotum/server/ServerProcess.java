package io.factotum.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code bin/factotum-server} started as a child process on a free port, stopped with SIGTERM. */
final class ServerProcess implements AutoCloseable {
    final Process process;
    final int port;
    final Path log;

    ServerProcess(Path workDir, Path log, String... flags) throws IOException {
        this.port = freePort();
        this.log = log;
        List<String> command = new ArrayList<>(List.of(
                TestServer.repoRoot().resolve("bin/factotum-server").toString(), "--port=" + port));
        command.addAll(List.of(flags));
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        TestServer.await("server listening (see " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited: " + read(log));
            }
            return read(log).contains("listening on [127.0.0.1:" + port + "]");
        });
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // A free port for a child process: bound, read and released; the child binds it right after.
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM (the launcher execs java, so the JVM gets it) and wait for the exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
