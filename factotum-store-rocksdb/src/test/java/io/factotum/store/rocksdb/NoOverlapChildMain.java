package io.factotum.store.rocksdb;

import io.factotum.Factotum;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The scheduler node of {@link NoOverlapAfterKillTest}, in a child JVM: Factotum with its default
 * task runner on RocksDB in {@code args[0]}, node id {@code args[1]}, {@code args[2]} workers, a
 * grace period of one second. Commands on stdin: {@code submit <name> <factfile>}, {@code quit}.
 * Reports on stdout: {@code ready}, {@code accepted <id>}, {@code finished <id> <outcome>},
 * {@code closed}.
 */
public final class NoOverlapChildMain {
    private NoOverlapChildMain() {
    }

    public static void main(String[] args) throws Exception {
        try (RocksDbStorage storage = RocksDbStorage.open(Path.of(args[0]))) {
            Factotum factotum = Factotum.builder().storage(storage).nodeId(args[1])
                    .maxWorkers(Integer.parseInt(args[2])).gracePeriod(Duration.ofSeconds(1)).build();
            factotum.addListener(event -> {
                if (event instanceof SchedulerEvent.JobFinished finished) {
                    report("finished " + finished.jobId() + " " + finished.run().outcome().orElseThrow());
                }
            });
            factotum.start();
            report("ready");
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String[] parts = line.split(" ", 3);
                if (parts[0].equals("submit")) {
                    SubmitResult result = factotum.submit(SubmitRequest.of(parts[1], parts[2]));
                    report(result instanceof SubmitResult.Accepted accepted ? "accepted " + accepted.jobId()
                            : "refused " + result.message());
                } else if (parts[0].equals("quit")) {
                    break;
                }
            }
            factotum.close();
        }
        report("closed");
    }

    private static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
