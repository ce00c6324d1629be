package io.factotum.cli;

import io.factotum.compat.OsErrors;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.status.StatusConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Factotum's log: {@code ./.factotum/factotum.log} at info level, set up before anything else
 * (spec 3.2 step 1). Configured in code so that no configuration file is searched for.
 */
final class LogSetup {
    private LogSetup() { }

    /** Creates the log directory and file and points Log4j at it; the error text on failure. */
    static Optional<String> init(Path workingDirectory) {
        Path dir = workingDirectory.resolve(".factotum");
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // Already there (or a file of that name: then opening the log below fails, as in Factotum).
        } catch (IOException e) {
            return Optional.of("Log initialization error: unable to create directory '" + workingDirectory
                    + "/.factotum/' for logfile. Reason: " + OsErrors.describe(e));
        }
        Path file = dir.resolve("factotum.log");
        try {
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (IOException e) {
            return Optional.of("Log initialization error: couldn't create logfile appender to '"
                    + workingDirectory + "/.factotum/factotum.log'. Reason: " + OsErrors.describe(e));
        }
        configureLog4j(file);
        return Optional.empty();
    }

    private static void configureLog4j(Path file) {
        Configurator.initialize(new FileLogConfiguration(file));
    }

    /**
     * The file appender with Factotum's pattern, at info level, and nothing else. Made with the
     * appender's and the layout's builders directly: a {@code ConfigurationBuilder} builds a node
     * tree that Log4j then turns into the same objects by reflection (annotation proxies, type
     * converters), which costs a cold JVM tens of milliseconds.
     */
    private static final class FileLogConfiguration extends AbstractConfiguration {
        private final Path file;

        FileLogConfiguration(Path file) {
            super(null, ConfigurationSource.NULL_SOURCE);
            this.file = file;
            setName("factotum-cli");
            // As the builder's setStatusLevel(OFF): Log4j's own problems are not printed.
            new StatusConfiguration().withStatus(Level.OFF).initialize();
        }

        // Not super.doConfigure(): with no configuration nodes it would add Log4j's default
        // console appender to the root logger.
        @Override
        protected void doConfigure() {
            PatternLayout layout = PatternLayout.newBuilder()
                    .withConfiguration(this)
                    .withPattern("%d{ISO8601_OFFSET_DATE_TIME_HHCMM} %p %c - %m%n")
                    .build();
            FileAppender appender = FileAppender.newBuilder()
                    .setName("file")
                    .setConfiguration(this)
                    .withFileName(file.toString())
                    .withAppend(true)
                    .setImmediateFlush(true)
                    .setLayout(layout)
                    .build();
            addAppender(appender);
            LoggerConfig root = getRootLogger();
            root.setLevel(Level.INFO);
            root.addAppender(appender, null, null);
        }
    }
}
