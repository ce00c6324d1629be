package io.factotum.engine;

/** The run moving between states; {@code previous} is null for the first event. */
public record JobTransition(JobRunState previous, JobRunState current) { }
