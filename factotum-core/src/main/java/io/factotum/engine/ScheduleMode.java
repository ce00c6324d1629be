package io.factotum.engine;

/** When a task may start. */
public enum ScheduleMode {
    /** Factotum's order: level by level (longest path), each level waits for the whole previous one. */
    LEVELS,
    /** Each task starts as soon as all its parents are done: same outcomes, shorter critical path. */
    EAGER
}
