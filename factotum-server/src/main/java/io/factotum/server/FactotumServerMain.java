package io.factotum.server;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code factotum-server}: reads the flags (JCommander), wires one injector, starts the server and
 * serves until SIGTERM/SIGINT, then shuts down by {@link FactotumServer}'s rule, printing each
 * step of the drain, and exits 0 after a clean drain (1 if a job or the store could not be settled).
 */
public final class FactotumServerMain {
    private FactotumServerMain() {
    }

    public static void main(String[] args) {
        ServerCommandLine.Outcome outcome = ServerCommandLine.parse(List.of(args), System.getenv());
        if (outcome instanceof ServerCommandLine.Outcome.Exit exit) {
            System.out.print(exit.stdout());
            System.err.print(exit.stderr());
            System.out.flush();
            System.exit(exit.code());
            return;
        }
        ServerConfig config = ((ServerCommandLine.Outcome.Run) outcome).config();
        Configurator.setRootLevel(config.logLevel());
        FactotumServer server;
        try {
            server = FactotumServer.create(config, Clock.systemUTC());
            server.start();
        } catch (RuntimeException e) {
            // The original prints this and exits 0 when it cannot bind; we exit 1 so scripts notice.
            System.out.println("Failed to start server - " + rootMessage(e));
            System.exit(1);
            return;
        }
        String listening = startLine(config, server.port());
        LogManager.getLogger(FactotumServerMain.class).info(listening);
        System.out.println(listening);
        System.out.flush();
        Logger log = LogManager.getLogger(FactotumServerMain.class);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            FactotumServer.DrainReport report = server.stop(line -> {
                log.info(line);
                System.out.println(line);
                System.out.flush();
            });
            // The JVM would exit 143 after SIGTERM; a clean drain is a normal end. halt: the hooks
            // that matter have run (this one; Log4j's is disabled and its console flushes each line).
            Runtime.getRuntime().halt(report.clean() ? 0 : 1);
        }, "factotum-shutdown"));
        try {
            new CountDownLatch(1).await(); // serve until the hook halts the JVM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The start line: the original's "listening on" text, then what a newcomer needs to know first
     * (issue 7 item 14): the store and its directory, where factfiles may come from, whether requests
     * need the token, and how many jobs run at once.
     */
    static String startLine(ServerConfig config, int port) {
        String store;
        if (config.store() == ServerConfig.StoreKind.ROCKSDB) {
            store = "rocksdb in " + config.dataDir().toAbsolutePath().normalize();
        } else if (config.store() == ServerConfig.StoreKind.MEMORY) {
            store = "memory (nothing is kept across restarts)";
        } else {
            store = config.store().name().toLowerCase(Locale.ROOT);
        }
        String roots = config.factfileRoots().stream().map(root -> root.toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(", "));
        return "Factotum Server version [" + ServerCommandLine.VERSION + "] listening on [" + config.ip() + ":" + port
                + "] - store: " + store + "; factfile roots: " + roots + "; API token: "
                + (config.apiToken().isPresent() ? "required" : "not required") + "; workers: " + config.maxWorkers();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
