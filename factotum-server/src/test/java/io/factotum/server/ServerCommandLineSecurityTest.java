package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The security flags: an empty token refuses the start, the shell and HTTP limit flags. */
class ServerCommandLineSecurityTest {
    private static final String EMPTY_FLAG = "Invalid API token: '--api-token' is empty - give a non-empty token,"
            + " or leave the flag out to run without authentication\n";

    private static ServerCommandLine.Outcome parse(Map<String, String> env, String... args) {
        return ServerCommandLine.parse(List.of(args), env);
    }

    private static ServerConfig config(String... args) {
        ServerCommandLine.Outcome o = parse(Map.of(), args);
        assertThat(o).isInstanceOf(ServerCommandLine.Outcome.Run.class);
        return ((ServerCommandLine.Outcome.Run) o).config();
    }

    @Test
    void anEmptyTokenFlagRefusesToStartEvenWithTheEnvironmentSet() {
        for (String[] args : new String[][] {{"--api-token="}, {"--api-token", ""}, {"--api-token= "}}) {
            for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("FACTOTUM_API_TOKEN", "env-t"))) {
                assertThat(parse(env, args)).as("%s %s", List.of(args), env)
                        .isEqualTo(new ServerCommandLine.Outcome.Exit(1, EMPTY_FLAG, ""));
            }
        }
    }

    @Test
    void anEmptyTokenInTheEnvironmentRefusesToStart() {
        assertThat(parse(Map.of("FACTOTUM_API_TOKEN", ""))).isEqualTo(new ServerCommandLine.Outcome.Exit(1,
                "Invalid API token: FACTOTUM_API_TOKEN is set but empty - give a non-empty token,"
                        + " or unset it to run without authentication\n", ""));
        // a flag given explicitly still wins over an empty environment
        ServerCommandLine.Outcome o = parse(Map.of("FACTOTUM_API_TOKEN", ""), "--api-token=t");
        assertThat(((ServerCommandLine.Outcome.Run) o).config().apiToken()).contains("t");
    }

    @Test
    void shellVariablesAreOffByDefault() {
        assertThat(config().shellVariables()).isFalse();
        assertThat(config("--shell-variables").shellVariables()).isTrue();
    }

    @Test
    void connectionAndBodyLimits() {
        assertThat(config().maxConnections()).isEqualTo(ServerConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(config().bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        ServerConfig c = config("--max-connections=7", "--body-timeout=500ms");
        assertThat(c.maxConnections()).isEqualTo(7);
        assertThat(c.bodyTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(parse(Map.of(), "--max-connections=0")).isEqualTo(new ServerCommandLine.Outcome.Exit(1,
                "Invalid value for '--max-connections': '0' - must be at least 1\n", ""));
        assertThat(((ServerCommandLine.Outcome.Exit) parse(Map.of(), "--body-timeout=0s")).stdout())
                .startsWith("Invalid duration for '--body-timeout': '0s'");
    }
}
