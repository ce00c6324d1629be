package io.factotum.cli;

/**
 * The process exit codes of Factotum 0.7.0 (spec 3.6), with this project's rulings: a factfile
 * that would make Factotum panic is a validation error ({@link #INVALID_FACTFILE}, ruling 1) and
 * {@code --help} succeeds ({@link #SUCCESS}, ruling 2).
 */
public final class ExitCodes {
    /** Everything ran (or finished early), a host constraint was not met, validate/dot/--version/--help. */
    public static final int SUCCESS = 0;
    /** The factfile cannot be read or is not valid. */
    public static final int INVALID_FACTFILE = 1;
    /** At least one task failed. */
    public static final int TASK_FAILED = 2;
    /** Bad arguments, bad --env, --dry-run with --webhook, bad webhook URL, bad --start, any dot error, start-up failure. */
    public static final int OTHER_ERROR = 3;

    private ExitCodes() { }
}
