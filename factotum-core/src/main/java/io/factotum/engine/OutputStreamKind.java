package io.factotum.engine;

/** Which of a task's output streams a line came from. */
public enum OutputStreamKind {
    STDOUT,
    STDERR
}
