package io.factotum.job;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed job-entry states, outcomes and moves. The original server only ever
 * writes QUEUED/WAITING, WORKING/RUNNING, DONE/SUCCEEDED and DONE/FAILED; the extra moves exist for
 * recovery and cancellation, which the original lacked.
 */
public final class JobTransitions {
    private static final Map<JobState, Set<LastOutcome>> PAIRS = new EnumMap<>(Map.of(
            JobState.QUEUED, EnumSet.of(LastOutcome.WAITING),
            JobState.WORKING, EnumSet.of(LastOutcome.RUNNING),
            JobState.DONE, EnumSet.of(LastOutcome.SUCCEEDED, LastOutcome.FAILED)));

    private static final Map<JobState, Set<JobState>> MOVES = new EnumMap<>(Map.of(
            // started, or cancelled before it started
            JobState.QUEUED, EnumSet.of(JobState.WORKING, JobState.DONE),
            // finished; handed back after its claim was lost; taken over by another node
            JobState.WORKING, EnumSet.of(JobState.DONE, JobState.QUEUED, JobState.WORKING),
            // submitted again (only a DONE job may be)
            JobState.DONE, EnumSet.of(JobState.QUEUED)));

    private JobTransitions() {
    }

    public static boolean isAllowed(JobState from, JobState to) {
        return MOVES.get(from).contains(to);
    }

    /** @throws IllegalTransitionException if {@code from -> to} is not allowed */
    public static void check(JobState from, JobState to) {
        if (!isAllowed(from, to)) {
            throw new IllegalTransitionException("A job cannot move from " + from + " to " + to);
        }
    }

    /** @throws IllegalTransitionException if the outcome cannot go with the state */
    public static void checkPair(JobState state, LastOutcome outcome) {
        if (!PAIRS.get(state).contains(outcome)) {
            throw new IllegalTransitionException("A " + state + " job cannot have the outcome " + outcome);
        }
    }
}
