package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.factotum.cli.Factotum.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where colour is written (spec 3.8, issue 7 item 13), with the real {@code bin/factotum}: through a
 * real pseudo-terminal ({@code script} from util-linux), through pipes and files, and with
 * {@code NO_COLOR}, {@code CLICOLOR_FORCE} and {@code --no-colour}.
 */
class ColourIT {
    private static final String ESC = "\u001b";
    private static final String CYAN = ESC + "[36m";
    private static final String RED = ESC + "[31m";
    private static final String GREEN = ESC + "[32m";
    private static final String RESET = ESC + "[0m";

    @TempDir
    Path dir;

    private Path factfile;

    @BeforeEach
    void writeFactfile() throws IOException {
        factfile = dir.resolve("speak.factfile");
        Files.writeString(factfile, SampleFactfiles.single("speak", "echo out; echo err >&2"));
    }

    @Test
    void aTerminalGetsColouredPrefixesAndSummaryButPlainTaskLines() throws Exception {
        String screen = inTerminal(Map.of(), "run", factfile.toString());

        assertThat(screen).contains("[" + CYAN + "speak" + RESET + "] out\n");
        assertThat(screen).contains("[" + CYAN + "speak" + RESET + "] " + RED + "err" + RESET + "\n");
        assertThat(screen).containsPattern("(^|\n)Task 'speak' was started at [^" + ESC + "]* UTC\n");
        assertThat(screen).containsPattern("\nTask 'speak': succeeded after \\d+\\.\\ds\n");
        // The newline is inside the green.
        assertThat(screen).containsPattern(GREEN.replace("[", "\\[") + "1/1 tasks run in \\d+\\.\\ds\n"
                + RESET.replace("[", "\\[") + "$");
        // Four spans, each a colour code and a reset: nothing else is coloured.
        assertThat(escapes(screen)).isEqualTo(4 * 2);
    }

    @Test
    void pipesAndFilesGetNoColourEvenWithClicolorOne() throws Exception {
        Result result = Factotum.run(dir, Map.of("CLICOLOR", "1"), List.of("run", factfile.toString()));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("[speak] out\n1/1 tasks run in " + summaryTime(result.stdout()) + "\n");
        assertThat(result.stdout() + result.stderr()).doesNotContain(ESC);
    }

    @Test
    void noColorAndTheFlagTurnATerminalPlain() throws Exception {
        assertThat(inTerminal(Map.of("NO_COLOR", ""), "run", factfile.toString())).doesNotContain(ESC).contains("[speak] out\n");
        assertThat(inTerminal(Map.of(), "run", factfile.toString(), "--no-colour")).doesNotContain(ESC);
    }

    @Test
    void clicolorForceColoursAPipeEvenWithTheFlag() throws Exception {
        Result result = Factotum.run(dir, Map.of("CLICOLOR_FORCE", "1", "NO_COLOR", "1"),
                List.of("run", factfile.toString(), "--no-colour"));
        assertThat(result.stdout()).startsWith("[" + CYAN + "speak" + RESET + "] out\n" + GREEN + "1/1 tasks run in ");
        assertThat(result.stderr()).contains("[" + CYAN + "speak" + RESET + "] " + RED + "err" + RESET + "\n");
        Result zero = Factotum.run(dir, Map.of("CLICOLOR_FORCE", "0"), List.of("run", factfile.toString()));
        assertThat(zero.stdout() + zero.stderr()).doesNotContain(ESC);
    }

    @Test
    void dotErrorsAreTwoRedSpans() throws Exception {
        String missing = inTerminal(Map.of(), "dot", dir.resolve("missing.factfile").toString());
        assertThat(missing).startsWith(RED + "Error:" + RESET + " " + RED + "Couldn't open '");
        assertThat(missing).endsWith(RESET + "\n");

        Path taken = Files.writeString(dir.resolve("taken.dot"), "");
        String file = inTerminal(Map.of(), "dot", factfile.toString(), "--output", taken.toString());
        assertThat(file).isEqualTo(RED + "Error: " + RESET + RED + "couldn't create file '" + taken
                + "' (File exists (os error 17))" + RESET + "\n");
    }

    /** Everything {@code bin/factotum} wrote to a real pseudo-terminal, with its CR LF turned back into LF. */
    private String inTerminal(Map<String, String> env, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is needed for a pseudo-terminal");
        List<String> cli = new ArrayList<>();
        cli.add(Factotum.launcher().toString());
        cli.addAll(List.of(args));
        String command = cli.stream().map(ColourIT::shellQuote).collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null")
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        for (String name : List.of("CLICOLOR", "NO_COLOR", "CLICOLOR_FORCE")) {
            environment.remove(name);
        }
        environment.putAll(new HashMap<>(env));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        // A safety net against a hung CLI, not a timing assertion.
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("script " + command + " did not finish");
        }
        return new String(output, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static long escapes(String s) {
        return s.chars().filter(c -> c == 0x1b).count();
    }

    private static String summaryTime(String stdout) {
        return stdout.replaceAll("(?s).*tasks run in (\\S+)\n.*", "$1");
    }
}
