package io.factotum.bench.embedded;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz job: its number comes from the job data, the measurement's {@link Tracker} and
 * {@link Work} from the scheduler context (in memory, never stored). Quartz instantiates it by class.
 */
public final class QuartzBenchJob implements Job {
    static final String JOB_KEY = "job";
    static final String TRACKER_KEY = "tracker";
    static final String WORK_KEY = "work";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            Tracker tracker = (Tracker) context.getScheduler().getContext().get(TRACKER_KEY);
            Work work = (Work) context.getScheduler().getContext().get(WORK_KEY);
            tracker.runJob(context.getMergedJobDataMap().getInt(JOB_KEY), work);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
