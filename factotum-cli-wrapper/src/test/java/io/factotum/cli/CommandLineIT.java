package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.cli.Factotum.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up sequence of spec 3.2 through the real launcher: flags, errors and exit codes. */
class CommandLineIT {
    @TempDir
    Path dir;

    private static final String ECHO = Factotum.testdata("factfiles/echo.factfile").toString();

    @Test
    void helpPrintsTheWholeUsageAndExitsZero() throws Exception {
        Result result = Factotum.run(dir, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(CliArguments.FULL_DOC);
        assertThat(Factotum.run(dir, "-h", "--no-colour").stdout()).isEqualTo(CliArguments.FULL_DOC);
    }

    @Test
    void version() throws Exception {
        Result result = Factotum.run(dir, "--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("Factotum version 0.7.0\n");
        assertThat(Factotum.run(dir, "-v").stdout()).isEqualTo("Factotum version 0.7.0\n");
    }

    @Test
    void badArgumentsExitThreeWithDocoptsMessage() throws Exception {
        Result none = Factotum.run(dir);
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.stdout()).isEqualTo("Invalid arguments.\n\n" + CliArguments.USAGE_SECTION);

        Result unknown = Factotum.run(dir, "run", ECHO, "--strat", "x");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.stdout()).isEqualTo("Unknown flag: '--strat'. Did you mean '--start'?\n\n" + CliArguments.USAGE_SECTION);

        Result wrongPattern = Factotum.run(dir, "validate", ECHO, "--env", "{}");
        assertThat(wrongPattern.exitCode()).isEqualTo(3);
        assertThat(wrongPattern.stdout()).startsWith("Invalid arguments.\n\nUsage:");

        Result decode = Factotum.run(dir, "run", ECHO, "--max-stdouterr-size=lots");
        assertThat(decode.exitCode()).isEqualTo(3);
        assertThat(decode.stdout()).isEqualTo("Could not decode 'lots' to usize for '--max-stdouterr-size'.");

        Result heartbeat = Factotum.run(dir, "run", ECHO, "--heartbeat-interval", "-5");
        assertThat(heartbeat.exitCode()).isEqualTo(3);
        assertThat(heartbeat.stdout()).isEqualTo("Could not decode '-5' to u64 for '--heartbeat-interval'.");
    }

    @Test
    void badEnvExitsThree() throws Exception {
        for (String env : List.of("{\"nested\":{\"message\":\"x\"}}", "{\"n\":1}", "[]", "{\"hello\":\"world\"")) {
            Result result = Factotum.run(dir, "run", ECHO, "--env", env);
            assertThat(result.exitCode()).as(env).isEqualTo(3);
            assertThat(result.stdout()).isEqualTo("Supplied string '" + env + "' is not valid JSON: decoder error");
        }
    }

    @Test
    void envErrorsComeBeforeTheWebhookChecks() throws Exception {
        // Step 4 (env) of the start-up comes before steps 7 and 8 (webhook checks).
        Result result = Factotum.run(dir, "run", ECHO, "--env", "nope", "--dry-run", "--webhook", "http://x");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("Supplied string 'nope' is not valid JSON: decoder error");
    }

    @Test
    void dryRunAndWebhookDoNotMix() throws Exception {
        Result result = Factotum.run(dir, "run", ECHO, "--dry-run", "--webhook", "http://localhost:1/");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("Error: --webhook cannot be used with the --dry-run option\n");
    }

    @Test
    void webhookUrlsAreChecked() throws Exception {
        Result scheme = Factotum.run(dir, "run", ECHO, "--webhook", "potato.com/");
        assertThat(scheme.exitCode()).isEqualTo(3);
        assertThat(scheme.stdout()).isEqualTo("Error: the specifed webhook URL \"potato.com/\" is invalid. Reason: "
                + "URL must begin with 'http://' or 'https://' to be used with Factotum webhooks\n");

        Result host = Factotum.run(dir, "run", ECHO, "--webhook=http://");
        assertThat(host.exitCode()).isEqualTo(3);
        assertThat(host.stdout()).isEqualTo("Error: the specifed webhook URL \"http://\" is invalid. Reason: empty host\n");
    }

    @Test
    void aPipeGetsColoursOnlyWhenForced() throws Exception {
        String example = Factotum.testdata("factfiles/example_ok.factfile").toString();
        Result coloured = Factotum.run(dir, Map.of("CLICOLOR_FORCE", "1"), List.of("validate", example));
        assertThat(coloured.stdout()).isEqualTo("\u001b[32m'" + example + "' is a valid Factfile!\u001b[0m\n");
        Result piped = Factotum.run(dir, Map.of("CLICOLOR", "1"), List.of("validate", example));
        assertThat(piped.stdout()).isEqualTo("'" + example + "' is a valid Factfile!\n");
        Result flag = Factotum.run(dir, Map.of("CLICOLOR", "1"), List.of("validate", example, "--no-colour"));
        assertThat(flag.stdout()).isEqualTo("'" + example + "' is a valid Factfile!\n");
        Result env = Factotum.run(dir, Map.of("CLICOLOR", "0"), List.of("validate", example));
        assertThat(env.stdout()).isEqualTo("'" + example + "' is a valid Factfile!\n");
    }

    @Test
    void noColourIsInheritedByTasks() throws Exception {
        Path factfile = dir.resolve("clicolor.factfile");
        Files.writeString(factfile, SampleFactfiles.single("show", "echo \"CLICOLOR=$CLICOLOR\""));
        Result result = Factotum.run(dir, Map.of("CLICOLOR", "1"), List.of("run", factfile.toString(), "--no-colour"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("[show] CLICOLOR=0\n");
    }

    @Test
    void logsToDotFactotumInTheWorkingDirectory() throws Exception {
        Result result = Factotum.run(dir, "--version");
        assertThat(result.exitCode()).isZero();
        assertThat(dir.resolve(".factotum/factotum.log")).isRegularFile();
    }

    @Test
    void logInitialisationFailureExitsThree() throws Exception {
        // A file where the log directory should be: the directory "exists", the log file cannot be opened.
        Files.writeString(dir.resolve(".factotum"), "in the way");
        Result result = Factotum.run(dir, "--version");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("Log initialization error: couldn't create logfile appender to '"
                + dir.toRealPath() + "/.factotum/factotum.log'. Reason: Not a directory (os error 20)\n");
    }

    @Test
    void missingJarIsExplained() throws Exception {
        // A copy of the launcher in a tree without a build.
        Path bin = Files.createDirectories(dir.resolve("repo/bin"));
        Path launcher = Files.copy(Factotum.launcher(), bin.resolve("factotum"));
        Process process = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(3);
        assertThat(output).contains("factotum-cli-wrapper.jar not found").contains("mvn -B -DskipTests package");
    }

    @Test
    void javaHomeAndJavaOptionsAreHonoured() throws Exception {
        // -version makes the JVM print its version instead of starting the CLI: proof the options got there.
        Map<String, String> env = new java.util.HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("FACTOTUM_JAVA_OPTS", "-version");
        Result result = Factotum.run(dir, env, List.of("--help"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("version \"" + Runtime.version().feature());
    }

    @Test
    void missingJavaIsExplained() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("JAVA_HOME", dir.resolve("no-jdk").toString());
        Result result = Factotum.run(dir, env, List.of("--version"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).contains("cannot find " + dir.resolve("no-jdk/bin/java"))
                .contains("set JAVA_HOME");
    }

    @Test
    void launcherWorksThroughASymlink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("factotum-link"), Factotum.launcher());
        try {
            Process process = new ProcessBuilder(link.toString(), "--version").directory(dir.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).isZero();
            assertThat(output).isEqualTo("Factotum version 0.7.0\n");
        } finally {
            // Removed here so that JUnit does not warn about a link pointing out of the temp dir.
            Files.delete(link);
        }
    }
}
