package io.factotum.cli;

import io.factotum.compat.OsErrors;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

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
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setStatusLevel(Level.OFF);
        builder.setConfigurationName("factotum-cli");
        builder.add(builder.newAppender("file", "File")
                .addAttribute("fileName", file.toString())
                .addAttribute("append", true)
                .addAttribute("immediateFlush", true)
                .add(builder.newLayout("PatternLayout")
                        .addAttribute("pattern", "%d{ISO8601_OFFSET_DATE_TIME_HHCMM} %p %c - %m%n")));
        builder.add(builder.newRootLogger(Level.INFO).add(builder.newAppenderRef("file")));
        Configurator.initialize(builder.build());
    }
}
