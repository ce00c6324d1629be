package io.factotum.bench.embedded;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * db-scheduler 16 on PostgreSQL: one one-time task instance per submission, due now. Settings, as its
 * README recommends for throughput on PostgreSQL: {@code workers} executor threads; the
 * {@code lock-and-fetch} polling strategy ({@code select ... for update skip locked}, refetch when
 * fewer than half the threads have work, fetch up to one execution per thread); immediate execution
 * (a task scheduled due now wakes the poller); a polling interval of 100 ms instead of 10 s; a
 * HikariCP pool of {@code workers + 2} connections. A job has finished when its code returned (its row
 * is deleted after that).
 */
public final class DbSchedulerContender implements Contender {
    private final HikariDataSource dataSource;
    private final OneTimeTask<Integer> task;
    private final Scheduler scheduler;

    public DbSchedulerContender(int workers, Postgres postgres, Work work, Tracker tracker) throws SQLException {
        this.dataSource = postgres.dataSource("bench-db-scheduler", workers + 2);
        Postgres.execute(dataSource, "delete from scheduled_tasks");
        this.task = Tasks.oneTime("bench-job", Integer.class)
                .execute((instance, context) -> tracker.runJob(instance.getData(), work));
        this.scheduler = Scheduler.create(dataSource, task)
                .threads(workers)
                .pollUsingLockAndFetch(0.5, 1.0)
                .pollingInterval(Duration.ofMillis(100))
                .enableImmediateExecution()
                .build();
        scheduler.start();
    }

    @Override
    public void submit(int job) {
        scheduler.schedule(task.instance("job-" + job, job), Instant.now());
    }

    @Override
    public void close() {
        try {
            scheduler.stop();
        } finally {
            dataSource.close();
        }
    }
}
