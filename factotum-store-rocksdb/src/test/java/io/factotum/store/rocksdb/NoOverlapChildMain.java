package io.factotum.store.rocksdb;

import io.factotum.Factotum;
import io.factotum.scheduler.SchedulerEvent;
import java.nio.file.Path;
import java.time.Duration;

import static io.factotum.store.rocksdb.ChildNodeCommands.report;

/**
 * The scheduler node of {@link NoOverlapAfterKillTest}, in a child JVM: Factotum with its default
 * task runner on RocksDB in {@code args[0]}, node id {@code args[1]}, {@code args[2]} workers, a
 * grace period of one second. Speaks {@link ChildNodeCommands}; reports also {@code ready},
 * {@code finished <id> <outcome>}, {@code closed}.
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
            ChildNodeCommands.serve(factotum);
            factotum.close();
        }
        report("closed");
    }
}
