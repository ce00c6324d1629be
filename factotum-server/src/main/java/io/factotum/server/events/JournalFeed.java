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
    /** Each stream's line format and count, per job; forgotten when the job finishes. */
    private final Map<String, Map<StreamKey, LineStream>> streams = new ConcurrentHashMap<>();

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
            streams.remove(f.jobId());
        }
    }

    @Override
    public void onLine(String jobId, String runReference, String taskName, OutputStreamKind stream, String line) {
        LineStream s = streams.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(new StreamKey(runReference, taskName, stream),
                        k -> new LineStream(new EventFacts.LineFormat(jobId, runReference, taskName, stream)));
        journal.append(s.format.line(s.count.incrementAndGet(), line));
    }

    private record StreamKey(String runReference, String taskName, OutputStreamKind stream) {
    }

    private record LineStream(EventFacts.LineFormat format, AtomicLong count) {
        LineStream(EventFacts.LineFormat format) {
            this(format, new AtomicLong());
        }
    }
}
