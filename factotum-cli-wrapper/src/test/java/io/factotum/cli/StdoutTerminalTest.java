package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher's answer wins; without it, a test JVM (stdout is Surefire's pipe) is no terminal. */
class StdoutTerminalTest {
    @AfterEach
    void clear() {
        System.clearProperty(StdoutTerminal.PROPERTY);
    }

    @Test
    void theLaunchersAnswerIsTaken() {
        System.setProperty(StdoutTerminal.PROPERTY, "true");
        assertThat(StdoutTerminal.detect()).isTrue();
        System.setProperty(StdoutTerminal.PROPERTY, "false");
        assertThat(StdoutTerminal.detect()).isFalse();
    }

    @Test
    void withoutItAPipeIsNoTerminal() {
        assertThat(StdoutTerminal.detect()).isFalse();
    }
}
