package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 2.4 ({@code get_tag_map}), including every tested example. */
class TagParserTest {

    @Test
    void specExamples() {
        assertThat(TagParser.parse(List.of("hello,world"))).isEqualTo(Map.of("hello", "world"));
        assertThat(TagParser.parse(List.of("  hello   ,  world   "))).isEqualTo(Map.of("hello", "world"));
        assertThat(TagParser.parse(List.of("  hello   "))).isEqualTo(Map.of("hello", ""));
        assertThat(TagParser.parse(List.of(" "))).isEmpty();
        assertThat(TagParser.parse(List.of(" , asdas"))).isEmpty();
        assertThat(TagParser.parse(List.of("the rain,first,, wow,,"))).isEqualTo(Map.of("the rain", "first wow"));
    }

    @Test
    void edgeCases() {
        assertThat(TagParser.parse(List.of())).isEmpty();
        assertThat(TagParser.parse(List.of(""))).isEmpty();
        assertThat(TagParser.parse(List.of(","))).isEmpty();
        assertThat(TagParser.parse(List.of("k,"))).isEqualTo(Map.of("k", ""));
        assertThat(TagParser.parse(List.of("\u00a0k\u2003,\tv\n"))).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void laterDuplicatesWinAndKeysAreSorted() {
        Map<String, String> tags = TagParser.parse(List.of("z,1", "a,2", "z,3", "host,*"));
        assertThat(tags).containsExactly(Map.entry("a", "2"), Map.entry("host", "*"), Map.entry("z", "3"));
    }
}
