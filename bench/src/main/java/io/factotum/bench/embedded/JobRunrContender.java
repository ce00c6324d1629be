package io.factotum.bench.embedded;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * JobRunr 8 (open-source edition): {@code enqueue} of one call per submission, on its in-memory
 * storage or on PostgreSQL (tables created by JobRunr itself). Settings: a background job server of
 * {@code workers} workers; the shortest poll interval JobRunr accepts for the storage (its default is
 * 15 s): 200 ms in memory, 5 s on a SQL database, or the one given if longer; no dashboard. A job
 * has finished when its code returned.
 */
public final class JobRunrContender implements Contender {
    private final Optional<HikariDataSource> dataSource;
    private final JobScheduler jobScheduler;

    /** The shortest poll intervals JobRunr 8 accepts (it refuses shorter ones at start). */
    private static final Duration LEAST_POLL_IN_MEMORY = Duration.ofMillis(200);
    private static final Duration LEAST_POLL_SQL = Duration.ofSeconds(5);

    public JobRunrContender(int workers, Duration pollInterval, Optional<Postgres> postgres, Work work,
            Tracker tracker) throws SQLException {
        Duration least = postgres.isPresent() ? LEAST_POLL_SQL : LEAST_POLL_IN_MEMORY;
        Duration poll = pollInterval.compareTo(least) < 0 ? least : pollInterval;
        this.dataSource = postgres.map(pg -> pg.dataSource("bench-jobrunr", workers + 2));
        StorageProvider storage;
        if (dataSource.isPresent()) {
            storage = new PostgresStorageProvider(dataSource.get()); // creates or migrates its tables
            Postgres.execute(dataSource.get(), "delete from jobrunr_jobs");
        } else {
            storage = new InMemoryStorageProvider();
        }
        JobRunrBenchJob target = new JobRunrBenchJob(work, tracker);
        JobActivator activator = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.cast(target);
            }
        };
        this.jobScheduler = JobRunr.configure()
                .useStorageProvider(storage)
                .useJobActivator(activator)
                .useBackgroundJobServer(usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(workers)
                        .andPollInterval(poll))
                .initialize()
                .getJobScheduler();
    }

    @Override
    public void submit(int job) {
        jobScheduler.<JobRunrBenchJob>enqueue(target -> target.run(job));
    }

    @Override
    public void close() {
        try {
            JobRunr.destroy();
        } finally {
            dataSource.ifPresent(HikariDataSource::close);
        }
    }
}
