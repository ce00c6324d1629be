package io.factotum.bench.embedded;

/**
 * The JobRunr job: JobRunr stores a call of {@link #run(int)} and, when it runs the job, gets this
 * object from the harness's job activator.
 */
public final class JobRunrBenchJob {
    private final Work work;
    private final Tracker tracker;

    public JobRunrBenchJob(Work work, Tracker tracker) {
        this.work = work;
        this.tracker = tracker;
    }

    public void run(int job) {
        tracker.runJob(job, work);
    }
}
