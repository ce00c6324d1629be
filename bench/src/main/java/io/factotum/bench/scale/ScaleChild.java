package io.factotum.bench.scale;

import io.factotum.Factotum;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import io.factotum.store.rocksdb.RocksDbStorage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVMs {@link ScaleHarness} starts, one role each; they report on stdout, one
 * {@code KEY value} line per fact, and the harness reads them.
 * <ul>
 *   <li>{@code fill DIR FACTFILE N THREADS}: an embedded Factotum on RocksDB in DIR with one worker kept
 *       busy by a blocking job; queues N more jobs (a distinct {@code --tag} each) from THREADS
 *       submitters, reports the used heap after a full GC before and after, then waits to be killed.</li>
 *   <li>{@code recover DIR EXPECTED}: opens DIR, starts the scheduler (whose worker blocks again) and
 *       reports {@code READY} once it has started with EXPECTED jobs queued or running.</li>
 * </ul>
 */
public final class ScaleChild {
    private ScaleChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "recover" -> recover(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        }
    }

    private static Factotum factotum(Path dir) {
        return Factotum.builder().storage(RocksDbStorage.open(dir)).maxWorkers(1).maxJobs(1_000_000)
                .taskRunner(new BlockingTaskRunner()).build();
    }

    private static void fill(Path dir, String factfile, int jobs, int threads) throws Exception {
        Factotum factotum = factotum(dir).start();
        accept(factotum.submit(SubmitRequest.of("blocker", factfile, "--tag", "role,blocker")));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (factotum.running() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the blocking job did not start");
            }
            Thread.sleep(5);
        }
        System.out.println("HEAP_BEFORE " + usedHeapAfterGc());
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            // concurrent submitters let RocksDB group their synchronous writes
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                    accept(factotum.submit(SubmitRequest.of("queued", factfile, "--tag", "n," + i)));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.println("SUBMIT_SECONDS " + (System.nanoTime() - start) / 1e9);
        System.out.println("QUEUED " + factotum.queued());
        System.out.println("HEAP_AFTER " + usedHeapAfterGc());
        System.out.println("FILLED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed with SIGKILL by the harness
    }

    private static void recover(Path dir, int expected) throws Exception {
        long start = System.nanoTime();
        Factotum factotum = factotum(dir).start();
        while (factotum.queued() + factotum.running() < expected) {
            Thread.sleep(1);
        }
        System.out.println("IN_JVM_MS " + (System.nanoTime() - start) / 1e6);
        System.out.println("QUEUED " + factotum.queued() + " RUNNING " + factotum.running());
        System.out.println("READY");
        System.out.flush();
        factotum.close();
    }

    private static void accept(SubmitResult result) {
        if (!(result instanceof SubmitResult.Accepted)) {
            throw new IllegalStateException("submit refused: " + result);
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc(); // a full collection with G1 unless -XX:+ExplicitGCInvokesConcurrent
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
