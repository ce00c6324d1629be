package io.factotum.engine;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ProcessTaskRunner} with each launcher; the default one is what {@code new ProcessTaskRunner()} picks. */
class ProcessTaskRunnerTest {
    @Nested
    @EnabledOnOs(OS.LINUX)
    class WithPosixSpawn extends ProcessTaskRunnerContract {
        @Override
        ProcessLauncher launcher() {
            try {
                return PosixSpawnLauncher.load(); // must work on the Linux/glibc machines the project runs on
            } catch (ProcessLauncher.Unavailable e) {
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    class WithProcessBuilder extends ProcessTaskRunnerContract {
        @Override
        ProcessLauncher launcher() {
            return new JdkProcessLauncher();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theDefaultRunnerUsesPosixSpawnOnLinuxWithGlibc() {
        assertThat(new ProcessTaskRunner().launchMechanism()).isEqualTo("posix_spawnp");
    }

    @Test
    void aRunnerCreatedWhileNativeCodeLoadsInTheBackgroundWorks() throws Exception {
        ProcessTaskRunner.prepareInBackground();
        ProcessTaskRunner runner = new ProcessTaskRunner();
        TaskResult result = runner.start(TaskInvocation.of(Tasks.shell("t", "echo ok")), TaskOutputListener.NONE).await();
        assertThat(result.stdout()).contains("ok");
    }
}
