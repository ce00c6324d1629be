package io.factotum.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of Factotum 0.7.0, parsed with the rules and messages of docopt 0.6 (spec 3.1).
 *
 * <p>Hand-written rather than built on a general parser because docopt's exact error texts, its
 * flag/positional split and its "options only in the patterns that list them" matching are part of
 * the compatibility contract.
 *
 * @param command which usage pattern matched
 * @param factfile the {@code <factfile>} argument (run, validate, dot)
 * @param start {@code --start}
 * @param env {@code --env}, as typed
 * @param dryRun {@code --dry-run}
 * @param noColour {@code --no-colour}
 * @param webhook {@code --webhook}; like Factotum, an empty value counts as absent
 * @param tags every {@code --tag}, in order
 * @param constraints every {@code --constraint}, in order
 * @param maxStdouterrSize {@code --max-stdouterr-size}
 * @param heartbeatIntervalSeconds {@code --heartbeat-interval}
 * @param output {@code --output}
 * @param overwrite {@code --overwrite}
 */
public record CliArguments(
        Command command,
        String factfile,
        Optional<String> start,
        Optional<String> env,
        boolean dryRun,
        boolean noColour,
        Optional<String> webhook,
        List<String> tags,
        List<String> constraints,
        Optional<Long> maxStdouterrSize,
        Optional<Long> heartbeatIntervalSeconds,
        Optional<String> output,
        boolean overwrite) {

    /** The usage pattern that matched. */
    public enum Command { RUN, VALIDATE, DOT, HELP, VERSION }

    /** The whole docopt text, trimmed: what {@code --help} prints. */
    public static final String FULL_DOC = loadUsage();

    /** The {@code Usage:} section, trimmed: what follows an argument error. */
    public static final String USAGE_SECTION = usageSection(FULL_DOC);

    public CliArguments {
        tags = List.copyOf(tags);
        constraints = List.copyOf(constraints);
    }

    /** One option of the Options section. */
    private record OptionSpec(String name, boolean takesValue) { }

    // In the order of the Options section; the order breaks ties between "Did you mean" candidates.
    private static final Map<String, OptionSpec> OPTIONS = new LinkedHashMap<>();
    private static final List<String> COMMANDS = List.of("run", "validate", "dot");

    static {
        for (String name : List.of("--help", "--version", "--dry-run", "--overwrite", "--no-colour")) {
            OPTIONS.put(name, new OptionSpec(name, false));
        }
        for (String name : List.of("--start", "--env", "--output", "--webhook", "--tag", "--constraint",
                "--max-stdouterr-size", "--heartbeat-interval")) {
            OPTIONS.put(name, new OptionSpec(name, true));
        }
    }

    private static final Set<String> REPEATABLE = Set.of("--tag", "--constraint");

    /** The options each pattern accepts (beyond its required ones). */
    private static final Map<Command, Set<String>> ALLOWED = Map.of(
            Command.RUN, Set.of("--start", "--env", "--dry-run", "--no-colour", "--webhook", "--tag",
                    "--constraint", "--max-stdouterr-size", "--heartbeat-interval"),
            Command.VALIDATE, Set.of("--no-colour"),
            Command.DOT, Set.of("--start", "--output", "--overwrite", "--no-colour"),
            Command.HELP, Set.of("--help", "--no-colour"),
            Command.VERSION, Set.of("--version", "--no-colour"));

    // docopt's argv classification (Rust regex semantics: '.' never matches '\n').
    private static final Pattern SHORT = Pattern.compile("^-[^-]\\S*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern LONG = Pattern.compile("^--\\S+(=[^\\n]+)?$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern LONG_EQUAL = Pattern.compile("^([^=]+)=([^\\n]*)$");

    private record Flag(String name, String value) { }

    /**
     * Parses {@code argv} (without the program name).
     *
     * @throws CliArgumentsException with docopt's message when nothing matches or a value cannot be decoded
     */
    public static CliArguments parse(List<String> argv) throws CliArgumentsException {
        List<Flag> flags = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        tokenize(argv, flags, positional);

        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Flag flag : flags) {
            counts.merge(flag.name(), 1, Integer::sum);
        }
        Command command = match(positional, counts);
        if (command == null) {
            throw withUsage("Invalid arguments.");
        }
        return build(command, positional, flags);
    }

    private static void tokenize(List<String> argv, List<Flag> flags, List<String> positional)
            throws CliArgumentsException {
        boolean seenDoubleDash = false;
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (!seenDoubleDash && SHORT.matcher(arg).matches()) {
                int[] chars = arg.substring(1).codePoints().toArray();
                for (int c : chars) {
                    String name = switch (c) {
                        case 'h' -> "--help";
                        case 'v' -> "--version";
                        default -> null;
                    };
                    if (name == null) {
                        throw withUsage("Unknown flag: '-" + Character.toString(c) + "'");
                    }
                    // -h and -v take no value, so every stacked character is a flag of its own.
                    flags.add(new Flag(name, null));
                }
            } else if (!seenDoubleDash && LONG.matcher(arg).matches()) {
                String name = arg;
                String value = null;
                Matcher equal = LONG_EQUAL.matcher(arg);
                if (equal.matches()) {
                    name = equal.group(1);
                    value = equal.group(2);
                }
                OptionSpec spec = OPTIONS.get(name);
                if (spec == null) {
                    throw withUsage(unknownFlag(name));
                }
                if (value != null && !spec.takesValue()) {
                    throw withUsage("Flag '" + name + "' cannot have an argument, but found '" + value + "'.");
                }
                if (value == null && spec.takesValue()) {
                    if (i + 1 >= argv.size()) {
                        throw withUsage("Expected argument for flag '" + name + "' but reached end of arguments.");
                    }
                    value = argv.get(++i);
                }
                flags.add(new Flag(name, value));
            } else if (!seenDoubleDash && arg.equals("--")) {
                seenDoubleDash = true;
            } else {
                positional.add(arg);
            }
        }
    }

    /** The first pattern that consumes every positional argument and every flag, or null. */
    private static Command match(List<String> positional, Map<String, Integer> counts) {
        for (Command command : Command.values()) {
            if (!positionalsMatch(command, positional)) {
                continue;
            }
            Set<String> allowed = ALLOWED.get(command);
            boolean flagsOk = counts.entrySet().stream().allMatch(e ->
                    allowed.contains(e.getKey()) && (REPEATABLE.contains(e.getKey()) || e.getValue() == 1));
            String required = switch (command) {
                case HELP -> "--help";
                case VERSION -> "--version";
                default -> null;
            };
            if (flagsOk && (required == null || counts.containsKey(required))) {
                return command;
            }
        }
        return null;
    }

    private static boolean positionalsMatch(Command command, List<String> positional) {
        return switch (command) {
            case RUN -> positional.size() == 2 && positional.get(0).equals("run");
            case VALIDATE -> positional.size() == 2 && positional.get(0).equals("validate");
            case DOT -> positional.size() == 2 && positional.get(0).equals("dot");
            case HELP, VERSION -> positional.isEmpty();
        };
    }

    private static CliArguments build(Command command, List<String> positional, List<Flag> flags)
            throws CliArgumentsException {
        Map<String, String> single = new LinkedHashMap<>();
        List<String> tags = new ArrayList<>();
        List<String> constraints = new ArrayList<>();
        for (Flag flag : flags) {
            switch (flag.name()) {
                case "--tag" -> tags.add(flag.value());
                case "--constraint" -> constraints.add(flag.value());
                default -> single.put(flag.name(), flag.value() == null ? "" : flag.value());
            }
        }
        Optional<Long> maxSize = decode(single, "--max-stdouterr-size", "usize");
        Optional<Long> heartbeat = decode(single, "--heartbeat-interval", "u64");
        return new CliArguments(
                command,
                positional.size() > 1 ? positional.get(1) : null,
                Optional.ofNullable(single.get("--start")),
                Optional.ofNullable(single.get("--env")),
                single.containsKey("--dry-run"),
                single.containsKey("--no-colour"),
                Optional.ofNullable(single.get("--webhook")).filter(url -> !url.isEmpty()),
                tags,
                constraints,
                maxSize,
                heartbeat,
                Optional.ofNullable(single.get("--output")),
                single.containsKey("--overwrite"));
    }

    /** Rust's unsigned integer parsing: optional '+', decimal digits, no overflow; empty means 0. */
    private static Optional<Long> decode(Map<String, String> values, String flag, String type)
            throws CliArgumentsException {
        String value = values.get(flag);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty()) {
            return Optional.of(0L);
        }
        try {
            if (!value.matches("\\+?[0-9]+")) {
                throw new NumberFormatException(value);
            }
            long number = Long.parseUnsignedLong(value);
            // usize/u64 values above Long.MAX_VALUE mean "unlimited" here.
            return Optional.of(number < 0 ? Long.MAX_VALUE : number);
        } catch (NumberFormatException e) {
            throw new CliArgumentsException(
                    "Could not decode '" + value + "' to " + type + " for '" + flag + "'.");
        }
    }

    private static String unknownFlag(String flag) {
        String best = null;
        int min = Integer.MAX_VALUE;
        List<String> candidates = new ArrayList<>(OPTIONS.keySet());
        candidates.addAll(COMMANDS);
        for (String candidate : candidates) {
            int distance = Levenshtein.distance(flag, candidate);
            if (distance < 3 && distance < min) {
                min = distance;
                best = candidate;
            }
        }
        return best == null
                ? "Unknown flag: '" + flag + "'"
                : "Unknown flag: '" + flag + "'. Did you mean '" + best + "'?";
    }

    private static CliArgumentsException withUsage(String message) {
        return new CliArgumentsException(message + "\n\n" + USAGE_SECTION);
    }

    private static String loadUsage() {
        try (InputStream in = CliArguments.class.getResourceAsStream("usage.txt")) {
            if (in == null) {
                throw new IllegalStateException("usage.txt is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** docopt's usage regex: from "Usage:" to the first blank line. */
    private static String usageSection(String doc) {
        Matcher m = Pattern.compile("(?s)(?i:usage):\\s*\\S+.*?(?:$|\\n\\s*\\n)").matcher(doc);
        if (!m.find()) {
            throw new IllegalStateException("no Usage: section");
        }
        return m.group().strip();
    }
}
