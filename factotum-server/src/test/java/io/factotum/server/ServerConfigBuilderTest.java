package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.engine.ScheduleMode;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** The builder is the one way to make a {@link ServerConfig}; it must carry every setting. */
class ServerConfigBuilderTest {

    /** Every setting away from its default, so that a setting the builder drops shows up. */
    private static ServerConfig everySettingChanged() {
        return ServerConfig.builder().ip("10.0.0.1").port(4000).maxJobs(7).maxWorkers(3)
                .webhook("http://127.0.0.1:9/hook").noColour(true).nodeId("node-x").consulIp("10.0.0.2")
                .consulPort(8501).consulNamespace("ns/x").logLevel(Level.DEBUG).maxStdouterrSize(Optional.of(5L))
                .factotumBin(Optional.of(Path.of("/bin/true"))).store(ServerConfig.StoreKind.CONSUL)
                .dataDir(Path.of("elsewhere")).factfileRoots(List.of(Path.of("/tmp"))).apiToken(Optional.of("t"))
                .jobTimeout(Optional.of(Duration.ofMinutes(3))).schedule(ScheduleMode.EAGER)
                .shutdownGrace(Duration.ofSeconds(2)).maxBodyBytes(99).maxJsonDepth(5)
                .nodeLease(Duration.ofSeconds(11)).consulToken(Optional.of("c")).shellVariables(true)
                .maxConnections(4).bodyTimeout(Duration.ofSeconds(6)).listScanBudget(9).build();
    }

    @Test
    void theTestConfigChangesEverySetting() throws Exception {
        ServerConfig changed = everySettingChanged();
        ServerConfig defaults = ServerConfig.defaults();
        for (RecordComponent c : ServerConfig.class.getRecordComponents()) {
            assertThat(c.getAccessor().invoke(changed))
                    .as("%s (set it in everySettingChanged when adding a setting)", c.getName())
                    .isNotEqualTo(c.getAccessor().invoke(defaults));
        }
    }

    @Test
    void toBuilderCopiesEverySetting() {
        ServerConfig changed = everySettingChanged();
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void aDerivedCopyChangesOnlyWhatIsSet() {
        ServerConfig changed = everySettingChanged();
        ServerConfig derived = changed.toBuilder().port(0).build();
        assertThat(derived.port()).isZero();
        assertThat(derived.toBuilder().port(changed.port()).build()).isEqualTo(changed);
    }

    @Test
    void buildStillChecksTheSettings() {
        assertThatThrownBy(() -> ServerConfig.builder().maxConnections(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConnections must be at least 1");
    }
}
