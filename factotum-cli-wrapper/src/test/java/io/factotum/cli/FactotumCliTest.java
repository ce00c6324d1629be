package io.factotum.cli;

import io.factotum.engine.HostConstraint;
import io.factotum.engine.ScheduleMode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up steps 3 to 9 of spec 3.2 in-process: which error wins, and the exit codes. */
class FactotumCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        Console console = new Console(out, err, true);
        return new FactotumCli(console, Map.of("CLICOLOR", "0"), new ShutdownSignals(console),
                new HostConstraint(new HostConstraint.LocalMachine()), Clock.systemUTC(), true).execute(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpSucceeds() throws Exception {
        assertThat(run("--help")).isEqualTo(ExitCodes.SUCCESS);
        assertThat(out()).isEqualTo(CliArguments.FULL_DOC);
    }

    @Test
    void argumentErrorsComeFirst() throws Exception {
        assertThat(run("run", "f", "--env", "{bad", "--bogus")).isEqualTo(ExitCodes.OTHER_ERROR);
        assertThat(out()).startsWith("Unknown flag: '--bogus'");
    }

    @Test
    void envErrorsComeBeforeTheWebhookChecks() throws Exception {
        assertThat(run("run", "f", "--env", "{bad", "--dry-run", "--webhook", "potato")).isEqualTo(ExitCodes.OTHER_ERROR);
        assertThat(out()).isEqualTo("Supplied string '{bad' is not valid JSON: decoder error");
    }

    @Test
    void dryRunWithWebhookComesBeforeTheUrlCheck() throws Exception {
        assertThat(run("run", "f", "--dry-run", "--webhook", "potato")).isEqualTo(ExitCodes.OTHER_ERROR);
        assertThat(out()).isEqualTo("Error: --webhook cannot be used with the --dry-run option\n");
    }

    @Test
    void theUrlIsCheckedBeforeTheFactfileIsRead() throws Exception {
        assertThat(run("run", "missing.factfile", "--webhook", "potato")).isEqualTo(ExitCodes.OTHER_ERROR);
        assertThat(out()).startsWith("Error: the specifed webhook URL \"potato\" is invalid. Reason: URL must begin");
    }

    @Test
    void anEmptyWebhookIsNoWebhook() throws Exception {
        assertThat(run("run", "missing.factfile", "--dry-run", "--webhook=")).isEqualTo(ExitCodes.INVALID_FACTFILE);
        assertThat(out()).startsWith("Couldn't open 'missing.factfile' for reading: ");
    }

    @Test
    void noColourTurnsColoursOff() throws Exception {
        Console console = new Console(out, err, true);
        FactotumCli cli = new FactotumCli(console, Map.of(), new ShutdownSignals(console),
                new HostConstraint(new HostConstraint.LocalMachine()), Clock.systemUTC(), true);
        cli.execute(List.of("run", "f", "--dry-run", "--webhook", "http://x/"));
        assertThat(out()).startsWith("\u001b[31mError: --webhook");
        out.reset();
        cli.execute(List.of("run", "f", "--dry-run", "--webhook", "http://x/", "--no-colour"));
        assertThat(out()).startsWith("Error: --webhook");
    }

    @Test
    void coloursNeedATerminalUnlessForced() throws Exception {
        Console console = new Console(out, err, false);
        FactotumCli piped = new FactotumCli(console, Map.of(), new ShutdownSignals(console),
                new HostConstraint(new HostConstraint.LocalMachine()), Clock.systemUTC(), false);
        piped.execute(List.of("run", "f", "--dry-run", "--webhook", "http://x/"));
        assertThat(out()).isEqualTo("Error: --webhook cannot be used with the --dry-run option\n");
        out.reset();
        FactotumCli forced = new FactotumCli(console, Map.of("CLICOLOR_FORCE", "1"), new ShutdownSignals(console),
                new HostConstraint(new HostConstraint.LocalMachine()), Clock.systemUTC(), false);
        forced.execute(List.of("run", "f", "--dry-run", "--webhook", "http://x/", "--no-colour"));
        assertThat(out()).isEqualTo("\u001b[31mError: --webhook cannot be used with the --dry-run option\u001b[0m\n");
    }

    @Test
    void gracePeriodOverride() {
        Console console = new Console(out, err, false);
        FactotumCli cli = new FactotumCli(console, Map.of(FactotumCli.GRACE_PERIOD_ENV, "250"),
                new ShutdownSignals(console), HostConstraint.local(), Clock.systemUTC(), false);
        assertThat(cli.gracePeriod()).hasMillis(250);
        FactotumCli defaults = new FactotumCli(console, Map.of(FactotumCli.GRACE_PERIOD_ENV, "soon"),
                new ShutdownSignals(console), HostConstraint.local(), Clock.systemUTC(), false);
        assertThat(defaults.gracePeriod()).hasSeconds(5);
    }

    @Test
    void eagerSchedulingIsOptIn() {
        Console console = new Console(out, err, false);
        FactotumCli eager = new FactotumCli(console, Map.of(FactotumCli.SCHEDULE_ENV, "eager"),
                new ShutdownSignals(console), HostConstraint.local(), Clock.systemUTC(), false);
        assertThat(eager.runOptions().mode()).isEqualTo(ScheduleMode.EAGER);
        FactotumCli levels = new FactotumCli(console, Map.of(),
                new ShutdownSignals(console), HostConstraint.local(), Clock.systemUTC(), false);
        assertThat(levels.runOptions().mode()).isEqualTo(ScheduleMode.LEVELS);
        assertThat(levels.runOptions().gracePeriod()).hasSeconds(5);
    }
}
