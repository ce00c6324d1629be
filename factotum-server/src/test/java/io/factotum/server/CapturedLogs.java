package io.factotum.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Takes the project's WARN and ERROR log lines off the console for one test that provokes them
 * on purpose (a full disk), and keeps them so the test can wait for one and print them on failure.
 */
final class CapturedLogs implements AutoCloseable {
    private static final String PROJECT = "io.factotum";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender = new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage());
        }
    };

    CapturedLogs() {
        appender.start();
        Configuration config = context.getConfiguration();
        config.addAppender(appender);
        // Replace, not add: addLogger keeps a logger config another test left behind for the name.
        config.removeLogger(PROJECT);
        LoggerConfig captured = new LoggerConfig(PROJECT, Level.WARN, false);
        captured.addAppender(appender, null, null);
        config.addLogger(PROJECT, captured);
        context.updateLoggers();
    }

    boolean contains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(PROJECT);
        context.updateLoggers();
        appender.stop();
    }
}
