package io.factotum.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {
    private final JobEntry queued = JobEntry.queued(new JobRequest("id", "n", "/p", List.of()), "a");

    @Test
    void theOriginalServersLifeCycleIsAllowed() {
        JobEntry working = queued.working("b");
        JobEntry done = working.done(RunOutcome.SUCCEEDED, "b");

        assertThat(working.state()).isEqualTo(JobState.WORKING);
        assertThat(working.lastOutcome()).isEqualTo(LastOutcome.RUNNING);
        assertThat(working.lastRunFrom()).isEqualTo("b");
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.lastOutcome()).isEqualTo(LastOutcome.SUCCEEDED);
        assertThat(done.requeued("c").state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void cancelledAndTimedOutRunsAreFailedForTheServer() {
        assertThat(queued.done(RunOutcome.CANCELLED, "a").lastOutcome()).isEqualTo(LastOutcome.FAILED);
        assertThat(queued.working("a").done(RunOutcome.TIMED_OUT, "a").lastOutcome()).isEqualTo(LastOutcome.FAILED);
    }

    @Test
    void aJobLeavesDoneOnlyToBeQueuedAgain() {
        JobEntry done = queued.done(RunOutcome.FAILED, "a");

        assertThatThrownBy(() -> done.working("a")).isInstanceOf(IllegalTransitionException.class)
                .hasMessage("A job cannot move from DONE to WORKING");
        assertThatThrownBy(() -> queued.requeued("a")).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void stateAndOutcomeMustMatch() {
        assertThatThrownBy(() -> new JobEntry(JobState.QUEUED, queued.jobRequest(), "a", LastOutcome.RUNNING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("A QUEUED job cannot have the outcome RUNNING");
    }
}
