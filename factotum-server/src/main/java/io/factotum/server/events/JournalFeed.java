package io.factotum.server.events;

import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskState;
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
    private final RunningTails tails;
    /** Each stream's line format and count, per job; forgotten when the job finishes. */
    private final Map<String, Map<StreamKey, LineStream>> streams = new ConcurrentHashMap<>();

    /** @param tails kept up to date with the running tasks' latest lines, for clients that connect late */
    public JournalFeed(EventJournal journal, RunningTails tails) {
        this.journal = journal;
        this.tails = tails;
    }

    @Override
    public void onEvent(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.JobQueued q) {
            journal.append(EventFacts.queued(q.entry()));
        } else if (event instanceof SchedulerEvent.JobStarted s) {
            ServerEvent started = journal.append(EventFacts.started(s.entry(), s.run()));
            tails.runStarted(s.jobId(), s.run().runReference(), started.seq());
        } else if (event instanceof SchedulerEvent.TaskChanged t) {
            TaskState state = t.transition().current();
            if (state == TaskState.RUNNING) {
                tails.started(t.jobId(), t.runReference(), t.task().taskName());
            } else if (state.isFinished()) {
                tails.finished(t.jobId(), t.runReference(), t.task().taskName());
            }
            journal.append(EventFacts.task(t.jobId(), t.runReference(), t.task(), state));
        } else if (event instanceof SchedulerEvent.JobFinished f) {
            journal.append(EventFacts.finished(f.entry(), f.run()));
            streams.remove(f.jobId());
            tails.jobFinished(f.jobId());
        }
    }

    @Override
    public void onLine(String jobId, String runReference, String taskName, OutputStreamKind stream, String line) {
        LineStream s = streams.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(new StreamKey(runReference, taskName, stream),
                        k -> new LineStream(new EventFacts.LineFormat(jobId, runReference, taskName, stream)));
        tails.line(journal.append(s.format.line(s.count.incrementAndGet(), line)), runReference, taskName);
    }

    private record StreamKey(String runReference, String taskName, OutputStreamKind stream) {
    }

    private record LineStream(EventFacts.LineFormat format, AtomicLong count) {
        LineStream(EventFacts.LineFormat format) {
            this(format, new AtomicLong());
        }
    }
}
