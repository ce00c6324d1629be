package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesTest {

    @Test
    void templateContextPrefixesTagsAndTagsOverwriteEnv() {
        Variables v = new Variables(Map.of("env", "e", "tag:env", "from env"), Map.of("env", "prod"));
        assertThat(v.templateContext()).containsExactly(Map.entry("env", "e"), Map.entry("tag:env", "prod"));
        assertThat(v.tags()).isEqualTo(Map.of("env", "prod"));
    }

    @Test
    void noneIsEmpty() {
        assertThat(Variables.none().templateContext()).isEmpty();
    }
}
