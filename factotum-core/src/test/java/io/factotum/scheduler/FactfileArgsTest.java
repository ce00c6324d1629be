package io.factotum.scheduler;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** getopts over factfileArgs (server spec 5.2). */
class FactfileArgsTest {
    @Test
    void readsOptionsInBothFormsAndTheTagMap() throws Exception {
        FactfileArgs args = FactfileArgs.parse(List.of("--tag", "b,2", "--tag=a,1", "--start=x", "--env", "{}",
                "--constraint", "host,*", "--dry-run", "--no-colour", "--max-stdouterr-size", "5",
                "--heartbeat-interval=2", "--webhook", "http://h/"));

        assertThat(args.tags()).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(args.constraints()).isEqualTo(Map.of("host", "*"));
        assertThat(args.start()).contains("x");
        assertThat(args.env()).contains("{}");
        assertThat(args.webhook()).contains("http://h/");
        assertThat(args.maxStdouterrSize()).contains("5");
        assertThat(args.heartbeatInterval()).contains("2");
        assertThat(args.dryRun()).isTrue();
        assertThat(args.noColour()).isTrue();
        assertThat(args.runIncompatible()).isEmpty();
    }

    @Test
    void failuresAreGetoptsDebugTexts() {
        assertThatThrownBy(() -> FactfileArgs.parse(List.of("--foo"))).hasMessage("UnrecognizedOption(\"foo\")");
        assertThatThrownBy(() -> FactfileArgs.parse(List.of("-x"))).hasMessage("UnrecognizedOption(\"x\")");
        assertThatThrownBy(() -> FactfileArgs.parse(List.of("--start"))).hasMessage("ArgumentMissing(\"start\")");
        assertThatThrownBy(() -> FactfileArgs.parse(List.of("--no-colour", "--no-colour")))
                .hasMessage("OptionDuplicated(\"no-colour\")");
        assertThatThrownBy(() -> FactfileArgs.parse(List.of("--dry-run=yes")))
                .hasMessage("UnexpectedArgument(\"dry-run\")");
    }

    @Test
    void positionalArgumentsAndDashDashAreAllowedButNotForRun() throws Exception {
        FactfileArgs args = FactfileArgs.parse(List.of("--first-arg-free", "--", "--tag", "x").subList(1, 4));
        assertThat(args.tags()).isEmpty();
        assertThat(args.runIncompatible()).containsExactly("--tag", "x");
        assertThat(FactfileArgs.parse(List.of("free", "--output", "o")).runIncompatible())
                .containsExactly("--output", "free");
    }
}
