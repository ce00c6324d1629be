package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When colours are written: the decision of Rust's {@code colored} 1.9 crate (spec 3.8). */
class ColourDecisionTest {
    private static boolean colours(Map<String, String> env, boolean noColour, boolean terminal) {
        return Console.coloursEnabled(env, noColour, terminal);
    }

    @Test
    void onlyATerminalGetsColoursByDefault() {
        assertThat(colours(Map.of(), false, true)).isTrue();
        assertThat(colours(Map.of(), false, false)).isFalse();
        assertThat(colours(Map.of("CLICOLOR", "1"), false, false)).isFalse();
    }

    @Test
    void noColourFlagClicolorZeroAndNoColorTurnThemOff() {
        assertThat(colours(Map.of(), true, true)).isFalse();
        assertThat(colours(Map.of("CLICOLOR", "0"), false, true)).isFalse();
        assertThat(colours(Map.of("NO_COLOR", ""), false, true)).isFalse();
        assertThat(colours(Map.of("NO_COLOR", "0"), false, true)).isFalse();
    }

    @Test
    void clicolorForceWinsOverEverythingButZero() {
        assertThat(colours(Map.of("CLICOLOR_FORCE", "1"), false, false)).isTrue();
        assertThat(colours(Map.of("CLICOLOR_FORCE", ""), false, false)).isTrue();
        assertThat(colours(Map.of("CLICOLOR_FORCE", "1", "NO_COLOR", "1", "CLICOLOR", "0"), true, false)).isTrue();
        assertThat(colours(Map.of("CLICOLOR_FORCE", "0"), false, false)).isFalse();
        assertThat(colours(Map.of("CLICOLOR_FORCE", "0"), false, true)).isTrue();
        assertThat(colours(Map.of("CLICOLOR_FORCE", "0", "NO_COLOR", "x"), false, true)).isFalse();
    }
}
