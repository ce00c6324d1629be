package io.factotum.bench.embedded;

import java.util.Properties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz 2.5: one non-durable job with a fire-now trigger per submission, on the {@code RAMJobStore}
 * (nothing stored) or on {@code JobStoreTX} with PostgreSQL (each scheduling and each firing its own
 * transactions). Settings, as Quartz's configuration reference recommends for throughput: a
 * {@code SimpleThreadPool} of {@code workers} threads; trigger acquisition in batches of up to
 * {@code workers} ({@code batchTriggerAcquisitionMaxCount}, with {@code acquireTriggersWithinLock}
 * on JDBC, as that setting requires); an idle wait of 1 s (the least Quartz accepts) instead of
 * 30 s, though a scheduling in this JVM wakes the scheduler thread at once anyway; on JDBC the {@code PostgreSQLDelegate} and a
 * HikariCP pool of {@code workers + 3} connections (the reference's "thread count plus three").
 */
public final class QuartzContender implements Contender {
    private final Scheduler scheduler;

    private QuartzContender(Properties properties, Work work, Tracker tracker) throws SchedulerException {
        this.scheduler = new StdSchedulerFactory(properties).getScheduler();
        scheduler.getContext().put(QuartzBenchJob.TRACKER_KEY, tracker);
        scheduler.getContext().put(QuartzBenchJob.WORK_KEY, work);
        scheduler.clear(); // an empty store: a JDBC store outlives the scheduler
        scheduler.start();
    }

    /** Quartz with the {@code RAMJobStore}. */
    public static QuartzContender inMemory(int workers, Work work, Tracker tracker) throws SchedulerException {
        Properties p = common("bench-quartz-ram", workers);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return new QuartzContender(p, work, tracker);
    }

    /** Quartz with {@code JobStoreTX} on the PostgreSQL database at {@code postgres}. */
    public static QuartzContender jdbc(int workers, Postgres postgres, Work work, Tracker tracker)
            throws SchedulerException {
        Properties p = common("bench-quartz-jdbc", workers);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "pg");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.dataSource.pg.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.pg.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.pg.URL", postgres.url());
        p.setProperty("org.quartz.dataSource.pg.user", postgres.user());
        p.setProperty("org.quartz.dataSource.pg.password", "");
        p.setProperty("org.quartz.dataSource.pg.maxConnections", Integer.toString(workers + 3));
        return new QuartzContender(p, work, tracker);
    }

    private static Properties common(String name, int workers) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.idleWaitTime", "1000"); // the least Quartz accepts
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(workers));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(workers));
        return p;
    }

    @Override
    public void submit(int job) throws SchedulerException {
        JobDetail detail = JobBuilder.newJob(QuartzBenchJob.class).withIdentity("job-" + job)
                .usingJobData(QuartzBenchJob.JOB_KEY, job).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("trigger-" + job).startNow().build();
        scheduler.scheduleJob(detail, trigger);
    }

    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }
}
