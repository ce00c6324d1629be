package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ruling 10 (issue 7 item 1): {@code --env} and {@code --tag} values that arrive with a request are
 * data. Real server, real {@code sh}: a command substitution in a value must not run unless the
 * server was started with {@code --shell-variables}, while {@code $HOME} written in the factfile
 * itself still expands.
 */
class ShellVariablesTest {
    @TempDir
    Path dir;

    @AfterAll
    static void noServerErrors() {
        assertThat(TestServer.SERVER_ERRORS).isEmpty();
    }

    /** {@code echo "$HOME" "{{ message }}" "{{{ quote }}}" "{{ tag:note }}" "{{{ tag:raw }}}"}. */
    private Path factfile() throws Exception {
        Path file = dir.resolve("vars.factfile");
        Files.writeString(file, """
                {"schema": "iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0",
                 "data": {"name": "vars", "tasks": [
                  {"name": "say", "executor": "shell", "command": "echo",
                   "arguments": ["$HOME", "{{ message }}", "{{{ quote }}}", "{{ tag:note }}", "{{{ tag:raw }}}"],
                   "dependsOn": [], "onResult": {"terminateJobWithSuccess": [], "continueJob": [0]}}]}}
                """);
        return file;
    }

    private record Attack(String env, String note, String raw, String quote, String expectedStdout) {
    }

    private Attack attack() {
        String env = "$(touch " + dir.resolve("pwned-env") + ")";
        String quote = "\"; touch " + dir.resolve("pwned-quote") + "; echo \"";
        String note = "`touch " + dir.resolve("pwned-tag") + "`";
        // a backslash of its own would escape the escape of the quote that follows it
        String raw = "\\\"; touch " + dir.resolve("pwned-raw") + "; echo \\\"";
        String envJson = "{\"message\":" + TestServer.str(env) + ",\"quote\":" + TestServer.str(quote) + "}";
        return new Attack(envJson, note, raw, quote,
                System.getenv("HOME") + " " + env + " " + quote + " " + note + " " + raw);
    }

    private JsonObject run(TestServer http, Attack a) throws Exception {
        String id = http.submit("vars", factfile(), "--env", a.env(), "--tag", "note," + a.note(), "--tag",
                "raw," + a.raw());
        assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
        return http.get("/jobs/" + id + "/runs/latest/tasks/say/output").json().getAsJsonObject();
    }

    @Test
    void requestVariablesAreDataByDefault() throws Exception {
        Attack a = attack();
        try (TestServer http = new TestServer(TestServer.config(dir))) {
            JsonObject output = run(http, a);
            // every value printed literally; the factfile's own $HOME expanded
            assertThat(output.get("stdout").getAsString()).isEqualTo(a.expectedStdout());
        }
        assertThat(dir.resolve("pwned-env")).doesNotExist();
        assertThat(dir.resolve("pwned-quote")).doesNotExist();
        assertThat(dir.resolve("pwned-tag")).doesNotExist();
        assertThat(dir.resolve("pwned-raw")).doesNotExist();
    }

    @Test
    void shellVariablesRestoresFactotumsBehaviour() throws Exception {
        Attack a = attack();
        try (TestServer http = new TestServer(TestServer.config(dir).toBuilder().shellVariables(true).build())) {
            run(http, a);
        }
        assertThat(dir.resolve("pwned-env")).exists();
        assertThat(dir.resolve("pwned-quote")).exists();
        assertThat(dir.resolve("pwned-tag")).exists();
    }

    /** A stand-in for {@code --factotum-bin} that records the arguments it is run with. */
    private Path recordingBinary() throws Exception {
        Path bin = dir.resolve("factotum-bin.sh");
        Files.writeString(bin, "#!/bin/sh\nprintf '%s\\n' \"$@\" >> " + dir.resolve("args") + "\n");
        bin.toFile().setExecutable(true);
        return bin;
    }

    private List<String> argsSeenByTheBinary(boolean shellVariables) throws Exception {
        ServerConfig config = TestServer.config(dir).toBuilder().factotumBin(Optional.of(recordingBinary()))
                .shellVariables(shellVariables).build();
        try (TestServer http = new TestServer(config)) {
            String id = http.submit("vars", factfile(), "--env", "{\"message\":\"$(id)\"}", "--tag", "note,`id`",
                    "--tag=raw,\\\"");
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            // the job keeps the arguments as submitted
            assertThat(http.get("/check?id=" + id).body()).contains("[\"--env\",\"{\\\"message\\\":\\\"$(id)\\\"}\"");
        }
        return Files.readAllLines(dir.resolve("args"));
    }

    @Test
    void theExternalBinaryGetsEscapedValues() throws Exception {
        List<String> args = argsSeenByTheBinary(false);
        // the dry run at submit time, then the run; in JSON the backslash is itself escaped
        assertThat(args).containsSubsequence("--dry-run", "--env", "{\"message\":\"\\\\$(id)\"}", "--tag", "note,\\`id\\`",
                "--tag=raw,\\\\\\\"");
        assertThat(args.stream().filter(a -> a.contains("(id)"))).containsOnly("{\"message\":\"\\\\$(id)\"}");
    }

    @Test
    void theExternalBinaryGetsValuesAsGivenWithShellVariables() throws Exception {
        List<String> args = argsSeenByTheBinary(true);
        assertThat(args.stream().filter(a -> a.contains("(id)"))).containsOnly("{\"message\":\"$(id)\"}");
        assertThat(args).contains("note,`id`", "--tag=raw,\\\"");
    }
}
