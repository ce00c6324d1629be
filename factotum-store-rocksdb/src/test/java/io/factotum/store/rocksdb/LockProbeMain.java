package io.factotum.store.rocksdb;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRequest;
import io.factotum.store.StoreException;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a second JVM by {@link RocksDbStorageTest}. {@code <dir>}: tries to open the store and
 * reports what happened. {@code <dir> crash <jobId>}: enqueues a job, reports it, then halts
 * without closing anything, as a crashing server would.
 */
public final class LockProbeMain {
    private LockProbeMain() {
    }

    public static void main(String[] args) {
        RocksDbStorage storage;
        try {
            storage = RocksDbStorage.open(Path.of(args[0]));
        } catch (StoreException e) {
            System.out.println(e.getMessage());
            System.exit(3);
            return;
        }
        if (args.length == 3 && args[1].equals("crash")) {
            storage.queue().enqueue(JobEntry.queued(new JobRequest(args[2], "n", "/p", List.of()), "crasher"), 10);
            System.out.println("enqueued");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
        storage.close();
        System.out.println("opened");
    }
}
