package io.factotum.scheduler;

import io.factotum.job.JobRun;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Records scheduler events; tests wait on a job's next JobStarted / JobFinished. */
final class RecordingSchedulerListener implements SchedulerListener {
    final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, List<CompletableFuture<JobRun>>> finished = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<JobRun>>> started = new ConcurrentHashMap<>();

    @Override
    public void onEvent(SchedulerEvent event) {
        events.add(event);
        if (event instanceof SchedulerEvent.JobFinished f) {
            next(finished, f.jobId()).complete(f.run());
        } else if (event instanceof SchedulerEvent.JobStarted s) {
            next(started, s.jobId()).complete(s.run());
        }
    }

    /** The run of the job's n-th (from 1) JobFinished event, waiting for it (bounded, to fail rather than hang). */
    JobRun finished(String jobId, int n) throws InterruptedException, ExecutionException, TimeoutException {
        return nth(finished, jobId, n).get(30, TimeUnit.SECONDS);
    }

    JobRun started(String jobId, int n) throws InterruptedException, ExecutionException, TimeoutException {
        return nth(started, jobId, n).get(30, TimeUnit.SECONDS);
    }

    private static synchronized CompletableFuture<JobRun> nth(Map<String, List<CompletableFuture<JobRun>>> map,
            String jobId, int n) {
        List<CompletableFuture<JobRun>> list = map.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>());
        while (list.size() < n) {
            list.add(new CompletableFuture<>());
        }
        return list.get(n - 1);
    }

    private static synchronized CompletableFuture<JobRun> next(Map<String, List<CompletableFuture<JobRun>>> map,
            String jobId) {
        List<CompletableFuture<JobRun>> list = map.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>());
        for (CompletableFuture<JobRun> f : list) {
            if (!f.isDone()) {
                return f;
            }
        }
        CompletableFuture<JobRun> f = new CompletableFuture<>();
        list.add(f);
        return f;
    }
}
