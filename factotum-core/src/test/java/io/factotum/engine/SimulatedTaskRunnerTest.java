package io.factotum.engine;

import io.factotum.factfile.OnResult;
import io.factotum.factfile.TaskSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist "Execution strategy": the simulation (spec 3.3) and its table format. */
class SimulatedTaskRunnerTest {
    private static TaskSpec task(String name, String command, String... args) {
        return new TaskSpec(name, "shell", command, List.of(args), List.of(), OnResult.dryRun());
    }

    /** Factotum's own test {@code simulation_text_good}, with its expected-text construction. */
    @Test
    void simulationTextGood() {
        TaskSpec task = task("Simulation Task!", "does_something.sh");
        String commandText = "\"sh\" \"-c\" \"does_something.sh \"";
        int taskWidth = Math.max(task.name().length() + 2, "TASK".length() + 2);
        int commandWidth = Math.max("COMMAND".length() + 2, commandText.length() + 2);
        String expected = String.join("\n",
                "/" + "-".repeat(taskWidth) + "|" + "-".repeat(commandWidth) + "\\",
                "| TASK " + " ".repeat(taskWidth - " TASK ".length()) + "| COMMAND "
                        + " ".repeat(commandWidth - " COMMAND ".length()) + "|",
                "|" + "-".repeat(taskWidth) + "|" + "-".repeat(commandWidth) + "|",
                "| " + pad(task.name(), taskWidth - 2) + " | " + pad(commandText, commandWidth - 2) + " |",
                "\\" + "-".repeat(taskWidth) + "|" + "-".repeat(commandWidth) + "/\n");

        assertThat(SimulatedTaskRunner.commandTable(List.of(task))).isEqualTo(expected);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    @Test
    void exactTableForAnEchoTask() {
        assertThat(SimulatedTaskRunner.commandTable(List.of(task("echo alpha", "echo", "alpha")))).isEqualTo(
                "/------------|----------------------------\\\n"
                        + "| TASK       | COMMAND                    |\n"
                        + "|------------|----------------------------|\n"
                        + "| echo alpha | \"sh\" \"-c\" \"echo \\\"alpha\\\"\" |\n"
                        + "\\------------|----------------------------/\n");
    }

    @Test
    void columnsAreAsWideAsTheLongestCellOrHeaderPlusTwo() {
        String table = SimulatedTaskRunner.commandTable(List.of(task("a", "x"), task("much longer name", "y")));
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("/" + "-".repeat("much longer name".length() + 2) + "|");
        assertThat(lines.get(3)).startsWith("| a                | ");
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()));
    }

    @Test
    void widthCountsUtf8BytesWhilePaddingCountsCharacters() {
        // "é" is 2 bytes: Rust sizes the column by len() (bytes) and pads by characters.
        String table = SimulatedTaskRunner.commandTable(List.of(task("ééééé", "x")));
        assertThat(table.lines().toList().get(0)).startsWith("/" + "-".repeat(12) + "|");
        assertThat(table.lines().toList().get(3)).startsWith("| ééééé      | ");
        assertThat("ééééé".getBytes(StandardCharsets.UTF_8)).hasSize(10);
    }

    @Test
    void commandCellIsRustsDebugOfTheCommand() {
        assertThat(SimulatedTaskRunner.commandDebug("echo \"alpha\"")).isEqualTo("\"sh\" \"-c\" \"echo \\\"alpha\\\"\"");
        assertThat(SimulatedTaskRunner.debugString("a\\b\tc\nd\re\u0000f\u0007g'h ü"))
                .isEqualTo("\"a\\\\b\\tc\\nd\\re\\0f\\u{7}g'h ü\"");
    }

    @Test
    void simulationReturnsZeroInstantlyWithTheTableAsStdout() throws Exception {
        TaskSpec task = task("hello-world", "banana", "hello_world");
        TaskResult result = new SimulatedTaskRunner().start(TaskInvocation.of(task), TaskOutputListener.NONE).await();
        assertThat(result.returnCode()).isZero();
        assertThat(result.duration()).isEqualTo(Duration.ZERO);
        assertThat(result.stdout()).contains(SimulatedTaskRunner.commandTable(List.of(task)));
        assertThat(result.stderr()).isEmpty();
        assertThat(result.executionError()).isEmpty();
    }
}
