package io.factotum.scheduler;

/**
 * Sees the scheduler's job and task transitions, each after it was stored. Called on the thread
 * that made the change (a worker, or the caller of submit/cancel/resume), so it must return quickly;
 * an exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface SchedulerListener {
    void onEvent(SchedulerEvent event);
}
