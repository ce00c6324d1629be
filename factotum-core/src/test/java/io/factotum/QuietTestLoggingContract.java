package io.factotum;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Tests provoke failures on purpose, and the code logs them at ERROR: without log4j2-test.xml,
 * Log4j's default configuration prints those to the console and a green build looks broken
 * (issue 7 item 14). The test configuration sends them to target/test.log instead. Each module
 * checks its own test class path with a one-line subclass (shared through the core test-jar).
 */
public abstract class QuietTestLoggingContract {
    @Test
    void testLogsGoToAFileNotTheConsole() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        assertThat(context.getConfiguration().getAppenders().values())
                .isNotEmpty()
                .noneMatch(appender -> appender instanceof ConsoleAppender);
    }

    @Test
    void slf4jLogsThroughLog4j() {
        // With no SLF4J provider, SLF4J warns on the console and drops the events.
        assertThat(LoggerFactory.getILoggerFactory()).isNotInstanceOf(NOPLoggerFactory.class);
    }
}
