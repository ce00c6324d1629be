package io.factotum.cli;

import io.factotum.engine.JobEvent;
import io.factotum.engine.JobListener;
import io.factotum.engine.OutputStreamKind;
import java.time.Instant;
import java.util.List;

/** Hands every callback of a run to several listeners, in order (the console, then webhooks). */
final class CompositeJobListener implements JobListener {
    private final List<JobListener> listeners;

    CompositeJobListener(List<JobListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onEvent(JobEvent event) {
        for (JobListener listener : listeners) {
            listener.onEvent(event);
        }
    }

    @Override
    public void onTaskStarted(String taskName, Instant at) {
        for (JobListener listener : listeners) {
            listener.onTaskStarted(taskName, at);
        }
    }

    @Override
    public void onLine(String taskName, OutputStreamKind stream, String line) {
        for (JobListener listener : listeners) {
            listener.onLine(taskName, stream, line);
        }
    }

    @Override
    public void onRemainingGroupsSkipped() {
        for (JobListener listener : listeners) {
            listener.onRemainingGroupsSkipped();
        }
    }

    @Override
    public void onShutdownStarted(int runningTasks) {
        for (JobListener listener : listeners) {
            listener.onShutdownStarted(runningTasks);
        }
    }

    @Override
    public void onForceKill(int remaining) {
        for (JobListener listener : listeners) {
            listener.onForceKill(remaining);
        }
    }
}
