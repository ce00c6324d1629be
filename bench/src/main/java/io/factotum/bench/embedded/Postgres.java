package io.factotum.bench.embedded;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The PostgreSQL database the peers store their jobs in (a throwaway cluster started by
 * {@code bench/lib-postgres.sh}), and the schemas they need: Quartz's {@code tables_postgres.sql}
 * from its jar and db-scheduler's documented {@code scheduled_tasks} table. JobRunr creates its own.
 *
 * @param url the JDBC URL
 * @param user the role to connect as (trust authentication, no password)
 */
public record Postgres(String url, String user) {
    /** db-scheduler's table for PostgreSQL, as its README documents it. */
    private static final String DB_SCHEDULER_TABLE = """
            create table if not exists scheduled_tasks (
              task_name text not null,
              task_instance text not null,
              task_data bytea,
              execution_time timestamp with time zone not null,
              picked boolean not null,
              picked_by text,
              last_success timestamp with time zone,
              last_failure timestamp with time zone,
              consecutive_failures int,
              last_heartbeat timestamp with time zone,
              version bigint not null,
              priority smallint,
              primary key (task_name, task_instance));
            create index if not exists execution_time_idx on scheduled_tasks (execution_time);
            create index if not exists last_heartbeat_idx on scheduled_tasks (last_heartbeat);
            create index if not exists priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
            """;
    private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^\\s*--.*$");

    /** A connection pool of at most {@code size} connections. */
    public HikariDataSource dataSource(String poolName, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new HikariDataSource(config);
    }

    /** Creates Quartz's and db-scheduler's tables (Quartz's script drops and recreates its own). */
    public void createSchemas() throws SQLException, IOException {
        String quartz;
        try (InputStream in = org.quartz.impl.jdbcjobstore.JobStoreTX.class
                .getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
            if (in == null) {
                throw new IOException("tables_postgres.sql not found in the Quartz jar");
            }
            quartz = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (HikariDataSource ds = dataSource("bench-schema", 1)) {
            execute(ds, quartz);
            execute(ds, DB_SCHEDULER_TABLE);
        }
    }

    /** Runs a script of {@code ;}-separated statements, {@code --} comment lines skipped. */
    static void execute(HikariDataSource ds, String script) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String sql : COMMENT_LINE.matcher(script).replaceAll("").split(";")) {
                String trimmed = sql.strip();
                if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("commit")) {
                    st.execute(trimmed);
                }
            }
        }
    }
}
