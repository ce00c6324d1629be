package io.factotum.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One transition of a run, in the order of the spec's section 5.1, with the state of every task
 * after it. Exactly one of {@code jobTransition} and a non-empty {@code taskTransitions} is set,
 * except for heartbeats, which carry {@code RUNNING -> RUNNING} task transitions.
 *
 * @param at when the transition happened
 * @param runState the run's state after the transition
 * @param jobTransition set for job events (started, running, finished)
 * @param taskTransitions set for task events
 * @param tasks every planned task, in plan order
 * @param heartbeat whether this is a periodic heartbeat rather than a state change
 */
public record JobEvent(
        Instant at,
        JobRunState runState,
        Optional<JobTransition> jobTransition,
        List<TaskTransition> taskTransitions,
        List<TaskSnapshot> tasks,
        boolean heartbeat) {

    public JobEvent {
        taskTransitions = List.copyOf(taskTransitions);
        tasks = List.copyOf(tasks);
    }
}
