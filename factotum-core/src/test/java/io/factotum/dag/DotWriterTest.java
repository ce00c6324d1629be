package io.factotum.dag;

import io.factotum.engine.JobPlan;
import io.factotum.engine.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Spec 6: the dot output equals Factotum's fixtures byte for byte. */
class DotWriterTest {
    @ParameterizedTest
    @CsvSource({"example_apples,", "example_apples_poly,", "example_reduced,turnip"})
    void matchesTheFixture(String name, String start) throws Exception {
        Path dir = Tasks.testdata("dot");
        JobPlan plan = JobPlan.of(Tasks.load(dir.resolve(name + ".factfile")), Optional.ofNullable(start));
        String expected = Files.readString(dir.resolve(name + ".dot"));
        assertThat(DotWriter.write(plan)).isEqualTo(expected);
    }

    @Test
    void startTaskKeepsItsOwnEdgesAndNamesAreNotEscaped() throws Exception {
        JobPlan plan = JobPlan.of(Tasks.factfile("say \"hi\"", Tasks.task("a"), Tasks.task("b\"x", "a")),
                Optional.of("b\"x"));
        assertThat(DotWriter.write(plan)).isEqualTo("digraph \"say \"hi\"\" {\n    \"b\"x\"\n    \"a\" -> \"b\"x\"\n}");
    }
}
