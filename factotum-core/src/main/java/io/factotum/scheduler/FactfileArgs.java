package io.factotum.scheduler;

import io.factotum.factfile.TagParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's {@code factfileArgs}, read the way Factotum Server reads them (server spec 5.2: getopts
 * over the whole list, long options only, {@code --opt value} or {@code --opt=value}, positional
 * arguments allowed, {@code --} ends options) and interpreted as {@code factotum run} would.
 *
 * <p>One addition to the server's option set: {@code --heartbeat-interval}, which Factotum 0.7.0's
 * {@code run} accepts and the original server's getopts would refuse.
 *
 * @param tags the {@code --tag} map (spec 2.4), keys without the {@code tag:} prefix
 * @param constraints the {@code --constraint} map
 * @param start {@code --start}
 * @param env {@code --env}, the raw JSON text
 * @param webhook {@code --webhook}
 * @param maxStdouterrSize {@code --max-stdouterr-size}, as given
 * @param heartbeatInterval {@code --heartbeat-interval}, as given
 * @param dryRun {@code --dry-run}
 * @param noColour {@code --no-colour}
 * @param runIncompatible options {@code factotum run} refuses ({@code --output}, {@code --overwrite})
 *     and positional arguments, in the order given
 */
public record FactfileArgs(
        Map<String, String> tags,
        Map<String, String> constraints,
        Optional<String> start,
        Optional<String> env,
        Optional<String> webhook,
        Optional<String> maxStdouterrSize,
        Optional<String> heartbeatInterval,
        boolean dryRun,
        boolean noColour,
        List<String> runIncompatible) {

    /** Factotum Server's getopts options in declaration order (duplicates are reported in this order). */
    private enum Option {
        TAG("tag", true, true),
        CONSTRAINT("constraint", true, true),
        START("start", true, false),
        ENV("env", true, false),
        WEBHOOK("webhook", true, false),
        OUTPUT("output", true, false),
        MAX_STDOUTERR_SIZE("max-stdouterr-size", true, false),
        HEARTBEAT_INTERVAL("heartbeat-interval", true, false),
        DRY_RUN("dry-run", false, false),
        NO_COLOUR("no-colour", false, false),
        OVERWRITE("overwrite", false, false);

        final String name;
        final boolean takesValue;
        final boolean multi;

        Option(String name, boolean takesValue, boolean multi) {
            this.name = name;
            this.takesValue = takesValue;
            this.multi = multi;
        }

        static Optional<Option> named(String name) {
            for (Option o : values()) {
                if (o.name.equals(name)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    public FactfileArgs {
        tags = Map.copyOf(tags);
        constraints = Map.copyOf(constraints);
        runIncompatible = List.copyOf(runIncompatible);
    }

    /**
     * Parses like getopts.
     *
     * @throws FactfileArgsException with getopts' failure in Rust Debug form, e.g.
     *     {@code UnrecognizedOption("foo")}, {@code ArgumentMissing("start")},
     *     {@code OptionDuplicated("no-colour")}, {@code UnexpectedArgument("dry-run")}
     */
    public static FactfileArgs parse(List<String> args) throws FactfileArgsException {
        Map<Option, List<String>> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.startsWith("--")) {
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                Option option = Option.named(name).orElseThrow(() -> failure("UnrecognizedOption", name));
                String value;
                if (option.takesValue) {
                    if (eq >= 0) {
                        value = body.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw failure("ArgumentMissing", name);
                    }
                } else {
                    if (eq >= 0) {
                        throw failure("UnexpectedArgument", name);
                    }
                    value = "";
                }
                values.computeIfAbsent(option, o -> new ArrayList<>()).add(value);
            } else if (arg.length() > 1 && arg.startsWith("-")) {
                // No short options are declared: getopts reports the first letter.
                throw failure("UnrecognizedOption", arg.substring(1, arg.offsetByCodePoints(1, 1)));
            } else {
                positional.add(arg);
            }
        }
        for (Option option : Option.values()) {
            if (!option.multi && values.getOrDefault(option, List.of()).size() > 1) {
                throw failure("OptionDuplicated", option.name);
            }
        }
        List<String> incompatible = new ArrayList<>();
        if (values.containsKey(Option.OUTPUT)) {
            incompatible.add("--output");
        }
        if (values.containsKey(Option.OVERWRITE)) {
            incompatible.add("--overwrite");
        }
        incompatible.addAll(positional);
        return new FactfileArgs(
                values.containsKey(Option.TAG) ? TagParser.parse(values.get(Option.TAG)) : Map.of(),
                values.containsKey(Option.CONSTRAINT) ? TagParser.parse(values.get(Option.CONSTRAINT)) : Map.of(),
                single(values, Option.START), single(values, Option.ENV), single(values, Option.WEBHOOK),
                single(values, Option.MAX_STDOUTERR_SIZE), single(values, Option.HEARTBEAT_INTERVAL),
                values.containsKey(Option.DRY_RUN), values.containsKey(Option.NO_COLOUR), incompatible);
    }

    private static Optional<String> single(Map<Option, List<String>> values, Option option) {
        List<String> given = values.get(option);
        return given == null ? Optional.empty() : Optional.of(given.get(0));
    }

    private static FactfileArgsException failure(String kind, String name) {
        return new FactfileArgsException(kind + "(\"" + name + "\")");
    }
}
