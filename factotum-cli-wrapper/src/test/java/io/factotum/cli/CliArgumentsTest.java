package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.cli.CliArguments.Command;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliArgumentsTest {
    private static final String INVALID = "Invalid arguments.\n\n" + CliArguments.USAGE_SECTION;

    private static CliArguments parse(String... argv) throws CliArgumentsException {
        return CliArguments.parse(List.of(argv));
    }

    private static String error(String... argv) {
        try {
            CliArguments.parse(List.of(argv));
        } catch (CliArgumentsException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an argument error for " + List.of(argv));
    }

    @Test
    void usageSectionIsTheUsagePatternsWithoutTheOptions() {
        assertThat(CliArguments.USAGE_SECTION)
                .startsWith("Usage:\n  factotum run <factfile> [--start=<start_task>]")
                .endsWith("  factotum (-v | --version) [--no-colour]")
                .doesNotContain("Options:");
        assertThat(CliArguments.FULL_DOC)
                .startsWith("Factotum.\n\nUsage:\n")
                .contains("\n\nOptions:\n  -h --help                             Show this screen.\n")
                .endsWith("every N seconds for running tasks.");
    }

    @Test
    void runWithEveryOptionInBothSpellings() throws Exception {
        CliArguments args = parse("run", "jobs/a.factfile", "--start=b", "--env", "{\"a\":\"b\"}", "--dry-run",
                "--no-colour", "--webhook=http://x/", "--tag", "a,b", "--tag=c,d", "--constraint", "host,*",
                "--max-stdouterr-size=20", "--heartbeat-interval", "5");
        assertThat(args.command()).isEqualTo(Command.RUN);
        assertThat(args.factfile()).isEqualTo("jobs/a.factfile");
        assertThat(args.start()).contains("b");
        assertThat(args.env()).contains("{\"a\":\"b\"}");
        assertThat(args.dryRun()).isTrue();
        assertThat(args.noColour()).isTrue();
        assertThat(args.webhook()).contains("http://x/");
        assertThat(args.tags()).containsExactly("a,b", "c,d");
        assertThat(args.constraints()).containsExactly("host,*");
        assertThat(args.maxStdouterrSize()).contains(20L);
        assertThat(args.heartbeatIntervalSeconds()).contains(5L);
    }

    @Test
    void optionsMayComeBeforeTheCommand() throws Exception {
        CliArguments args = parse("--start", "x", "dot", "f", "--overwrite", "--output", "o.dot");
        assertThat(args.command()).isEqualTo(Command.DOT);
        assertThat(args.start()).contains("x");
        assertThat(args.output()).contains("o.dot");
        assertThat(args.overwrite()).isTrue();
    }

    @Test
    void defaults() throws Exception {
        CliArguments args = parse("run", "f");
        assertThat(args.start()).isEmpty();
        assertThat(args.env()).isEmpty();
        assertThat(args.webhook()).isEmpty();
        assertThat(args.tags()).isEmpty();
        assertThat(args.maxStdouterrSize()).isEmpty();
        assertThat(args.heartbeatIntervalSeconds()).isEmpty();
        assertThat(args.dryRun()).isFalse();
    }

    @Test
    void validateHelpAndVersion() throws Exception {
        assertThat(parse("validate", "f", "--no-colour").command()).isEqualTo(Command.VALIDATE);
        assertThat(parse("-h").command()).isEqualTo(Command.HELP);
        assertThat(parse("--help", "--no-colour").command()).isEqualTo(Command.HELP);
        assertThat(parse("-v").command()).isEqualTo(Command.VERSION);
        assertThat(parse("--no-colour", "--version").command()).isEqualTo(Command.VERSION);
    }

    @Test
    void aValueMayLookLikeAFlagWhenGivenAfterItsOption() throws Exception {
        assertThat(parse("run", "f", "--start", "--dry-run").start()).contains("--dry-run");
        assertThat(parse("run", "f", "--start", "-h").start()).contains("-h");
        assertThat(parse("run", "f", "--env={\"a\": \"b c\"}").env()).contains("{\"a\": \"b c\"}");
        assertThat(parse("run", "f", "--start=a=b").start()).contains("a=b");
    }

    @Test
    void anEmptyWebhookCountsAsNone() throws Exception {
        assertThat(parse("run", "f", "--webhook=").webhook()).isEmpty();
        assertThat(parse("run", "f", "--start=").start()).contains("");
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        assertThat(parse("run", "--", "--weird").factfile()).isEqualTo("--weird");
        assertThat(parse("--", "validate", "-h").factfile()).isEqualTo("-h");
    }

    @Test
    void aLoneDashIsAPositional() throws Exception {
        assertThat(parse("validate", "-").factfile()).isEqualTo("-");
    }

    @Test
    void emptyNumbersDecodeAsZeroAndAPlusSignIsAccepted() throws Exception {
        assertThat(parse("run", "f", "--max-stdouterr-size=").maxStdouterrSize()).contains(0L);
        assertThat(parse("run", "f", "--heartbeat-interval", "").heartbeatIntervalSeconds()).contains(0L);
        assertThat(parse("run", "f", "--heartbeat-interval=+7").heartbeatIntervalSeconds()).contains(7L);
        assertThat(parse("run", "f", "--max-stdouterr-size=18446744073709551615").maxStdouterrSize())
                .contains(Long.MAX_VALUE);
    }

    @Test
    void numbersThatDoNotDecode() {
        assertThat(error("run", "f", "--max-stdouterr-size=abc"))
                .isEqualTo("Could not decode 'abc' to usize for '--max-stdouterr-size'.");
        assertThat(error("run", "f", "--max-stdouterr-size", "-1"))
                .isEqualTo("Could not decode '-1' to usize for '--max-stdouterr-size'.");
        assertThat(error("run", "f", "--heartbeat-interval=1.5"))
                .isEqualTo("Could not decode '1.5' to u64 for '--heartbeat-interval'.");
        assertThat(error("run", "f", "--heartbeat-interval=18446744073709551616"))
                .isEqualTo("Could not decode '18446744073709551616' to u64 for '--heartbeat-interval'.");
        assertThat(error("run", "f", "--heartbeat-interval= 5"))
                .isEqualTo("Could not decode ' 5' to u64 for '--heartbeat-interval'.");
    }

    @Test
    void anOptionIsOnlyAcceptedByThePatternsListingIt() {
        assertThat(error("validate", "f", "--env={}")).isEqualTo(INVALID);
        assertThat(error("validate", "f", "--start=a")).isEqualTo(INVALID);
        assertThat(error("dot", "f", "--dry-run")).isEqualTo(INVALID);
        assertThat(error("run", "f", "--output=x")).isEqualTo(INVALID);
        assertThat(error("run", "f", "--help")).isEqualTo(INVALID);
        assertThat(error("--version", "--help")).isEqualTo(INVALID);
    }

    @Test
    void positionalsMustMatchExactly() {
        assertThat(error()).isEqualTo(INVALID);
        assertThat(error("run")).isEqualTo(INVALID);
        assertThat(error("run", "a", "b")).isEqualTo(INVALID);
        assertThat(error("execute", "a")).isEqualTo(INVALID);
        assertThat(error("RUN", "a")).isEqualTo(INVALID);
        assertThat(error("-h", "run", "f")).isEqualTo(INVALID);
        assertThat(error("--no-colour")).isEqualTo(INVALID);
    }

    @Test
    void singleOptionsMayNotRepeatButTagsAndConstraintsMay() throws Exception {
        assertThat(error("run", "f", "--start=a", "--start=b")).isEqualTo(INVALID);
        assertThat(error("run", "f", "--dry-run", "--dry-run")).isEqualTo(INVALID);
        assertThat(error("-h", "-h")).isEqualTo(INVALID);
        assertThat(error("-hv")).isEqualTo(INVALID);
        assertThat(parse("run", "f", "--constraint=a", "--constraint=b", "--constraint=c").constraints()).hasSize(3);
    }

    @Test
    void noAbbreviations() {
        assertThat(error("run", "f", "--dry")).isEqualTo(
                "Unknown flag: '--dry'\n\n" + CliArguments.USAGE_SECTION);
        assertThat(error("run", "f", "--star=a")).isEqualTo(
                "Unknown flag: '--star'. Did you mean '--start'?\n\n" + CliArguments.USAGE_SECTION);
    }

    @Test
    void unknownFlagsWithSuggestionsWithinDistanceTwo() {
        assertThat(error("run", "f", "--dryrun")).startsWith("Unknown flag: '--dryrun'. Did you mean '--dry-run'?\n\nUsage:");
        assertThat(error("run", "f", "--no-color")).startsWith("Unknown flag: '--no-color'. Did you mean '--no-colour'?");
        assertThat(error("--verison")).startsWith("Unknown flag: '--verison'. Did you mean '--version'?");
        // docopt also offers the commands, which are candidates too.
        assertThat(error("--run", "f")).startsWith("Unknown flag: '--run'. Did you mean 'run'?");
        assertThat(error("run", "f", "--something-else")).startsWith("Unknown flag: '--something-else'\n\nUsage:");
    }

    @Test
    void onlyHAndVHaveShortForms() {
        assertThat(error("run", "f", "-s", "x")).isEqualTo("Unknown flag: '-s'\n\n" + CliArguments.USAGE_SECTION);
        assertThat(error("run", "f", "-e", "{}")).startsWith("Unknown flag: '-e'\n\n");
        assertThat(error("-hx")).startsWith("Unknown flag: '-x'\n\n");
    }

    @Test
    void flagsWithAndWithoutValues() {
        assertThat(error("run", "f", "--dry-run=yes")).isEqualTo(
                "Flag '--dry-run' cannot have an argument, but found 'yes'.\n\n" + CliArguments.USAGE_SECTION);
        assertThat(error("run", "f", "--start")).isEqualTo(
                "Expected argument for flag '--start' but reached end of arguments.\n\n" + CliArguments.USAGE_SECTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpIsACommandOfItsOwn(String flag) throws Exception {
        assertThat(parse(flag).command()).isEqualTo(Command.HELP);
    }

    @Test
    void levenshtein() {
        assertThat(Levenshtein.distance("", "")).isZero();
        assertThat(Levenshtein.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Levenshtein.distance("--run", "run")).isEqualTo(2);
        assertThat(Levenshtein.distance("ab", "")).isEqualTo(2);
        assertThat(Optional.of(Levenshtein.distance("\uD83D\uDE00a", "a"))).contains(1);
    }
}
