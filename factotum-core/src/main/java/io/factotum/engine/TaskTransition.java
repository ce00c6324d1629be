package io.factotum.engine;

/** A task moving from one state to another. */
public record TaskTransition(String taskName, TaskState previous, TaskState current) { }
