package io.factotum.store.rocksdb;

import io.factotum.Factotum;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import io.factotum.webhook.RetryPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The scheduler process of {@link SchedulerCrashRecoveryTest}, run in a child JVM: a Factotum
 * scheduler on RocksDB in {@code args[0]}, one worker, webhooks to {@code args[1]} retried without
 * giving up. Commands on stdin: {@code submit <name> <factfile>}, {@code quit}. Reports on stdout,
 * one line each: {@code ready}, {@code accepted <id>}, {@code started <id> <runReference>},
 * {@code task <id> <task> <state>}, {@code finished <id> <outcome>}, {@code closed}.
 */
public final class SchedulerCrashChildMain {
    private SchedulerCrashChildMain() {
    }

    public static void main(String[] args) throws Exception {
        RocksDbStorage storage = RocksDbStorage.open(Path.of(args[0]));
        Factotum factotum = Factotum.builder().storage(storage).nodeId("crash-node").maxWorkers(1)
                .webhook(args[1])
                // Never give an event up: what was not delivered before the crash must be after it.
                .webhookRetryPolicy(new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(20), Duration.ofMillis(100), 0))
                .gracePeriod(Duration.ofSeconds(1))
                .build();
        factotum.addListener(event -> {
            if (event instanceof SchedulerEvent.JobStarted started) {
                report("started " + started.jobId() + " " + started.run().runReference());
            } else if (event instanceof SchedulerEvent.TaskChanged task) {
                report("task " + task.jobId() + " " + task.transition().taskName() + " " + task.transition().current());
            } else if (event instanceof SchedulerEvent.JobFinished finished) {
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
        storage.close();
        report("closed");
    }

    private static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
