package io.factotum.server;

import io.factotum.factfile.TagParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's {@code factfileArgs} read as Factotum Server reads them (server spec 5.2): getopts over
 * the whole list, long options only ({@code --opt value} or {@code --opt=value}), positional
 * arguments allowed, {@code --} ends the options; a single-value option given twice or an unknown
 * option is refused with getopts' failure in Rust Debug form, e.g. {@code UnrecognizedOption("foo")}.
 *
 * @param tags the {@code --tag} map, keys without the {@code tag:} prefix (Factotum's tag rules)
 * @param start {@code --start}
 * @param env {@code --env}, the raw JSON text
 * @param webhook {@code --webhook}
 * @param maxStdouterrSize {@code --max-stdouterr-size}, as given
 * @param dryRun whether {@code --dry-run} was given
 * @param unknownForRun options or positionals that {@code factotum run} refuses ({@code --output},
 *     {@code --overwrite}, positional arguments)
 */
public record FactfileArgs(Map<String, String> tags, Optional<String> start, Optional<String> env,
        Optional<String> webhook, Optional<String> maxStdouterrSize, boolean dryRun, List<String> unknownForRun) {

    private static final List<String> WITH_VALUE = List.of("tag", "constraint", "start", "env", "webhook",
            "output", "max-stdouterr-size");
    private static final List<String> MULTI = List.of("tag", "constraint");
    private static final List<String> FLAGS = List.of("dry-run", "no-colour", "overwrite");

    /** getopts' refusal; the message is its failure in Rust Debug form. */
    public static final class ArgsException extends Exception {
        public ArgsException(String message) {
            super(message);
        }
    }

    public static FactfileArgs parse(List<String> args) throws ArgsException {
        Map<String, List<String>> values = new LinkedHashMap<>();
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
                String value;
                if (WITH_VALUE.contains(name)) {
                    if (eq >= 0) {
                        value = body.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw failure("ArgumentMissing", name);
                    }
                } else if (FLAGS.contains(name)) {
                    if (eq >= 0) {
                        throw failure("UnexpectedArgument", name);
                    }
                    value = "";
                } else {
                    throw failure("UnrecognizedOption", name);
                }
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else if (arg.length() > 1 && arg.startsWith("-")) {
                throw failure("UnrecognizedOption", arg.substring(1, arg.offsetByCodePoints(1, 1)));
            } else {
                positional.add(arg);
            }
        }
        // getopts reports duplicates in option declaration order
        for (String name : declarationOrder()) {
            if (!MULTI.contains(name) && values.getOrDefault(name, List.of()).size() > 1) {
                throw failure("OptionDuplicated", name);
            }
        }
        List<String> unknown = new ArrayList<>();
        if (values.containsKey("output")) {
            unknown.add("--output");
        }
        if (values.containsKey("overwrite")) {
            unknown.add("--overwrite");
        }
        unknown.addAll(positional);
        return new FactfileArgs(
                values.containsKey("tag") ? TagParser.parse(values.get("tag")) : Map.of(),
                first(values, "start"), first(values, "env"), first(values, "webhook"),
                first(values, "max-stdouterr-size"), values.containsKey("dry-run"), List.copyOf(unknown));
    }

    private static List<String> declarationOrder() {
        return List.of("tag", "constraint", "start", "env", "webhook", "output", "max-stdouterr-size",
                "dry-run", "no-colour", "overwrite");
    }

    private static Optional<String> first(Map<String, List<String>> values, String name) {
        List<String> given = values.get(name);
        return given == null ? Optional.empty() : Optional.of(given.get(0));
    }

    private static ArgsException failure(String kind, String name) {
        return new ArgsException(kind + "(\"" + name + "\")");
    }
}
