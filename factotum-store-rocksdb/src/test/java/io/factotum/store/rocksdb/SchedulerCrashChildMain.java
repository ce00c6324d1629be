package io.factotum.store.rocksdb;

import io.factotum.Factotum;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.store.Outbox;
import io.factotum.store.OutboxEntry;
import io.factotum.store.PartlyReplacedStorage;
import io.factotum.store.Storage;
import io.factotum.webhook.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.factotum.store.rocksdb.ChildNodeCommands.report;

/**
 * The scheduler process of {@link SchedulerCrashRecoveryTest}, run in a child JVM: a Factotum
 * scheduler on RocksDB in {@code args[0]}, one worker, webhooks to {@code args[1]} retried without
 * giving up. Speaks {@link ChildNodeCommands}; reports also, one line each: {@code ready},
 * {@code started <id> <runReference>}, {@code task <id> <task> <state>}, {@code outbox <id> <count>}
 * (after each webhook event stored for the job: the test kills the process only once the event it
 * expects to be pending is stored),
 * {@code finished <id> <outcome>}, {@code closed}.
 */
public final class SchedulerCrashChildMain {
    private SchedulerCrashChildMain() {
    }

    public static void main(String[] args) throws Exception {
        RocksDbStorage rocks = RocksDbStorage.open(Path.of(args[0]));
        ReportingOutbox outbox = new ReportingOutbox(rocks.outbox());
        Storage storage = PartlyReplacedStorage.of(rocks).withOutbox(outbox);
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
        ChildNodeCommands.serve(factotum, outbox::awaitEmpty);
        factotum.close();
        rocks.close();
        report("closed");
    }

    /** The store's outbox, reporting every append with the number of events stored for its job so far. */
    private record ReportingOutbox(Outbox outbox, Map<String, AtomicInteger> appended, Object removals)
            implements Outbox {
        ReportingOutbox(Outbox outbox) {
            this(outbox, new ConcurrentHashMap<>(), new Object());
        }

        /** Waits until every event has been delivered and removed (a delivery is seen before its removal). */
        void awaitEmpty() throws InterruptedException {
            synchronized (removals) {
                while (!outbox.peek(1).isEmpty()) {
                    removals.wait();
                }
            }
        }

        @Override
        public OutboxEntry append(String jobId, String destination, String payload) {
            OutboxEntry entry = outbox.append(jobId, destination, payload);
            report("outbox " + jobId + " " + appended.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet());
            return entry;
        }

        @Override
        public List<OutboxEntry> peek(int limit) {
            return outbox.peek(limit);
        }

        @Override
        public List<OutboxEntry> peek(String jobId, int limit) {
            return outbox.peek(jobId, limit);
        }

        @Override
        public boolean remove(OutboxEntry entry) {
            boolean removed = outbox.remove(entry);
            synchronized (removals) {
                removals.notifyAll();
            }
            return removed;
        }
    }
}
