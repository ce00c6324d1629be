package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 10: {@code bin/factotum-server} caps the heap (the JVM's default is a quarter of
 * RAM), exits on OutOfMemoryError, and leaves the heap to the operator's own options.
 */
class LauncherMemoryIT {
    @TempDir
    Path tmp;

    /** The JVM's final command-line flags when the launcher runs {@code --version} with {@code env}. */
    private String flags(Map<String, String> env) throws Exception {
        Path root = TestServer.repoRoot();
        assumeTrue(Files.exists(root.resolve("factotum-server/target/factotum-server.jar")), "run after mvn package");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/factotum-server").toString(), "--version")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("FACTOTUM_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void capsTheHeapAndExitsOnOutOfMemory() throws Exception {
        String out = flags(Map.of("FACTOTUM_JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
        assertThat(out).contains("-XX:MaxHeapSize=536870912").contains("-XX:InitialHeapSize=67108864")
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theOperatorsHeapOptionsWin() throws Exception {
        assertThat(flags(Map.of("FACTOTUM_JAVA_OPTS", "-Xmx256m -XX:+PrintCommandLineFlags")))
                .contains("-XX:MaxHeapSize=268435456").contains("-XX:InitialHeapSize=67108864");
        String percentage = flags(Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=5 -Xms16m -XX:+PrintCommandLineFlags"));
        assertThat(percentage).contains("-XX:MaxRAMPercentage=5").contains("-XX:InitialHeapSize=16777216")
                .doesNotContain("-XX:MaxHeapSize=536870912");
    }
}
