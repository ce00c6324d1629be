package io.factotum.engine;

/** A {@code --start} task that cannot be used; the message is Factotum's text for {@code run}. */
public final class PlanException extends Exception {
    /** Why the start task was refused. */
    public enum Reason {
        TASK_NOT_FOUND("the task specified could not be found"),
        NOT_A_SUB_TREE("the job cannot be started here without triggering prior tasks");

        private final String message;

        Reason(String message) {
            this.message = message;
        }
    }

    private final Reason reason;

    public PlanException(Reason reason) {
        super(reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
