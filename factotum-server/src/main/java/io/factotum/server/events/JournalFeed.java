package io.factotum.server.events;

import io.factotum.engine.OutputStreamKind;
import io.factotum.scheduler.RunOutputListener;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.scheduler.SchedulerListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the scheduler's transitions and its tasks' output lines into journal events. Runs on the
 * scheduler's threads: it only formats and appends.
 */
public final class JournalFeed implements SchedulerListener, RunOutputListener {
    private final EventJournal journal;
    /** Lines written so far per job, run, task and stream; forgotten when the job finishes. */
    private final Map<String, Map<String, AtomicLong>> lineCounts = new ConcurrentHashMap<>();

    public JournalFeed(EventJournal journal) {
        this.journal = journal;
    }

    @Override
    public void onEvent(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.JobQueued q) {
            journal.append(EventFacts.queued(q.entry()));
        } else if (event instanceof SchedulerEvent.JobStarted s) {
            journal.append(EventFacts.started(s.entry(), s.run()));
        } else if (event instanceof SchedulerEvent.TaskChanged t) {
            journal.append(EventFacts.task(t.jobId(), t.runReference(), t.task(), t.transition().current()));
        } else if (event instanceof SchedulerEvent.JobFinished f) {
            journal.append(EventFacts.finished(f.entry(), f.run()));
            lineCounts.remove(f.jobId());
        }
    }

    @Override
    public void onLine(String jobId, String runReference, String taskName, OutputStreamKind stream, String line) {
        long n = lineCounts.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(runReference + "\n" + taskName + "\n" + stream, k -> new AtomicLong())
                .incrementAndGet();
        journal.append(EventFacts.line(jobId, runReference, taskName, stream, n, line));
    }
}
