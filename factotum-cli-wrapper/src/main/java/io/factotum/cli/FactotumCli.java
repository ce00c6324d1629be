package io.factotum.cli;

import io.factotum.engine.HostConstraint;
import io.factotum.engine.RunOptions;
import io.factotum.engine.ScheduleMode;
import io.factotum.engine.ProcessTaskRunner;
import io.factotum.factfile.EnvParser;
import io.factotum.factfile.FactfileParser;
import io.factotum.factfile.TagParser;
import io.factotum.webhook.WebhookUrl;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;

/**
 * The {@code factotum} command: Factotum 0.7.0's command line on the JVM. Start-up follows the
 * spec's section 3.2 step by step, because the order decides which error wins.
 */
public final class FactotumCli {
    /** The Factotum version this CLI is compatible with. */
    public static final String VERSION = "0.7.0";

    /** Overrides the 5 s SIGTERM-to-SIGKILL grace period, in milliseconds (for tests). */
    public static final String GRACE_PERIOD_ENV = "FACTOTUM_SHUTDOWN_GRACE_MS";
    /** {@code eager} opts in to eager scheduling (ruling 9); Factotum's usage has no flag to spare for it. */
    public static final String SCHEDULE_ENV = "FACTOTUM_SCHEDULE";

    private static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(5);

    private final Console console;
    private final Map<String, String> environment;
    private final ShutdownSignals shutdown;
    private final HostConstraint hosts;
    private final Clock clock;
    private final boolean stdoutIsTerminal;

    /**
     * @param console where output goes; its colour setting is replaced per the arguments and the environment
     * @param environment the process environment ({@code CLICOLOR}, {@code NO_COLOR}, {@code CLICOLOR_FORCE},
     *                    {@link #GRACE_PERIOD_ENV}, {@link #SCHEDULE_ENV})
     * @param shutdown receives the running job, so that signals can stop it
     * @param hosts the host-constraint check
     * @param clock the time source of the run
     * @param stdoutIsTerminal standard output is a terminal (colours are written only then, spec 3.8)
     */
    public FactotumCli(Console console, Map<String, String> environment, ShutdownSignals shutdown,
                       HostConstraint hosts, Clock clock, boolean stdoutIsTerminal) {
        this.console = console;
        this.environment = Map.copyOf(environment);
        this.shutdown = shutdown;
        this.hosts = hosts;
        this.clock = clock;
        this.stdoutIsTerminal = stdoutIsTerminal;
    }

    public static void main(String[] argv) {
        // Must precede the first process start: the JDK reads the launch mechanism once.
        ProcessTaskRunner.useFastestLaunchMechanism();
        // Loading JNA costs a cold JVM 60-100 ms; let it happen while the factfile is parsed.
        ProcessTaskRunner.prepareInBackground();
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        Map<String, String> environment = System.getenv();
        boolean stdoutIsTerminal = StdoutTerminal.detect();
        Console console = new Console(out, err, Console.coloursEnabled(environment, false, stdoutIsTerminal));

        Optional<String> logError = LogSetup.init(Path.of("").toAbsolutePath());
        if (logError.isPresent()) {
            console.println(logError.get());
            System.exit(ExitCodes.OTHER_ERROR);
        }
        ShutdownSignals shutdown = new ShutdownSignals(console);
        try {
            shutdown.install();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            console.println("Failed to install signal handlers: " + e.getMessage());
            System.exit(ExitCodes.OTHER_ERROR);
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> internalError(console, e));
        int code;
        try {
            code = new FactotumCli(console, environment, shutdown, HostConstraint.local(), Clock.systemUTC(),
                    stdoutIsTerminal).execute(Arrays.asList(argv));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = ExitCodes.OTHER_ERROR;
        } catch (RuntimeException | Error e) {
            internalError(console, e);
            code = ExitCodes.OTHER_ERROR;
        }
        System.exit(code);
    }

    /** A bug or an exhausted JVM: one line for the user, the stack trace to the log file only. */
    private static void internalError(Console console, Throwable e) {
        try {
            LogManager.getLogger(FactotumCli.class).error("Internal error", e);
        } catch (RuntimeException | Error ignored) {
            // Logging is best effort here.
        }
        console.printlnErr("Error: internal error (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
                + "); details are in .factotum/factotum.log");
    }

    /** Steps 3 to 9 of the start-up: everything after logging and signal handling. */
    public int execute(List<String> argv) throws InterruptedException {
        CliArguments args;
        try {
            args = CliArguments.parse(argv);
        } catch (CliArgumentsException e) {
            console.print(e.getMessage());
            return ExitCodes.OTHER_ERROR;
        }
        if (args.command() == CliArguments.Command.HELP) {
            console.print(CliArguments.FULL_DOC);
            return ExitCodes.SUCCESS;
        }

        Map<String, String> tags = TagParser.parse(args.tags());
        Map<String, String> env;
        try {
            env = EnvParser.parse(args.env().orElse("{}"));
        } catch (IllegalArgumentException e) {
            console.print(e.getMessage());
            return ExitCodes.OTHER_ERROR;
        }

        // Factotum sets CLICOLOR=0 for --no-colour so that tasks inherit it; bin/factotum exports it.
        Console out = console.withColours(Console.coloursEnabled(environment, args.noColour(), stdoutIsTerminal));

        if (args.command() == CliArguments.Command.VERSION) {
            out.println("Factotum version " + VERSION);
            return ExitCodes.SUCCESS;
        }
        if (args.dryRun() && args.webhook().isPresent()) {
            out.println(out.red("Error: --webhook cannot be used with the --dry-run option"));
            return ExitCodes.OTHER_ERROR;
        }
        if (args.webhook().isPresent()) {
            try {
                WebhookUrl.check(args.webhook().get());
            } catch (IllegalArgumentException e) {
                out.println(out.red("Error: the specifed webhook URL \"" + args.webhook().get()
                        + "\" is invalid. Reason: " + e.getMessage()));
                return ExitCodes.OTHER_ERROR;
            }
        }

        FactfileLoader loader = new FactfileLoader(new FactfileParser());
        return switch (args.command()) {
            case RUN -> new RunCommand(out, loader, hosts, shutdown, runOptions(), clock).run(args, env, tags);
            case VALIDATE -> new ValidateCommand(out, loader).run(args.factfile());
            case DOT -> new DotCommand(out, loader).run(args.factfile(), args.start(), args.output(), args.overwrite());
            case HELP, VERSION -> throw new IllegalStateException("handled above");
        };
    }

    // Package-private for tests.
    RunOptions runOptions() {
        ScheduleMode mode = "eager".equalsIgnoreCase(environment.getOrDefault(SCHEDULE_ENV, "").strip())
                ? ScheduleMode.EAGER : ScheduleMode.LEVELS;
        return RunOptions.defaults().withGracePeriod(gracePeriod()).withMode(mode);
    }

    // Package-private for tests.
    Duration gracePeriod() {
        String millis = environment.get(GRACE_PERIOD_ENV);
        if (millis != null) {
            try {
                long value = Long.parseLong(millis.strip());
                if (value >= 0) {
                    return Duration.ofMillis(value);
                }
            } catch (NumberFormatException e) {
                // Not a number: keep Factotum's grace period.
            }
        }
        return DEFAULT_GRACE_PERIOD;
    }
}
