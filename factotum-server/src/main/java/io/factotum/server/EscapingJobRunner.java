package io.factotum.server;

import io.factotum.engine.JobExecution;
import io.factotum.factfile.EnvParser;
import io.factotum.factfile.VariableQuoting;
import io.factotum.job.JobRequest;
import io.factotum.json.RustcJsonWriter;
import io.factotum.scheduler.InvalidJobException;
import io.factotum.scheduler.JobRunner;
import io.factotum.scheduler.RunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ruling 10 for {@code --factotum-bin}: an external Factotum substitutes {@code --env} and
 * {@code --tag} values into task arguments unescaped, so the values are escaped
 * ({@link VariableQuoting#escapeForDoubleQuotes}) in the arguments handed to it. The job as stored
 * (and its id) keeps the arguments as submitted. Through {@code {{ x }}} a {@code "} then shows as
 * {@code \&quot;} (the original HTML-escapes after our backslash): no longer live, one visible
 * backslash more than Factotum prints.
 */
public final class EscapingJobRunner implements JobRunner {
    /** getopts options of {@code factfileArgs} that take a value (server spec 5.2). */
    private static final Set<String> TAKES_VALUE = Set.of("tag", "constraint", "start", "env", "webhook", "output",
            "max-stdouterr-size", "heartbeat-interval");

    private final JobRunner delegate;

    public EscapingJobRunner(JobRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public void validate(String factfilePath, List<String> factfileArgs) throws InvalidJobException {
        delegate.validate(factfilePath, escapeArgs(factfileArgs));
    }

    @Override
    public JobExecution start(RunRequest request) throws InvalidJobException {
        JobRequest job = request.job();
        JobRequest escaped = new JobRequest(job.jobId(), job.jobName(), job.factfilePath(), escapeArgs(job.factfileArgs()));
        return delegate.start(new RunRequest(escaped, request.runReference(), request.runStartedAt(), request.prior(),
                request.listener()));
    }

    @Override
    public String commandName() {
        return delegate.commandName();
    }

    /** {@code factfileArgs} with every {@code --env} value and {@code --tag} value escaped. */
    static List<String> escapeArgs(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                out.addAll(args.subList(i, args.size()));
                break;
            }
            if (!arg.startsWith("--")) {
                out.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (eq >= 0) {
                out.add(arg.substring(0, eq + 1) + escapeValue(name, arg.substring(eq + 1)));
            } else if (TAKES_VALUE.contains(name) && i + 1 < args.size()) {
                out.add(arg);
                out.add(escapeValue(name, args.get(++i)));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    private static String escapeValue(String option, String value) {
        if (option.equals("tag")) {
            // key,value: the key is a name, not a substituted value
            int comma = value.indexOf(',');
            return comma < 0 ? value : value.substring(0, comma + 1)
                    + VariableQuoting.escapeForDoubleQuotes(value.substring(comma + 1));
        }
        if (option.equals("env")) {
            Map<String, String> env;
            try {
                env = EnvParser.parse(value);
            } catch (IllegalArgumentException e) {
                return value; // the binary refuses it with its own message
            }
            StringBuilder json = new StringBuilder("{");
            env.forEach((k, v) -> {
                if (json.length() > 1) {
                    json.append(',');
                }
                RustcJsonWriter.writeString(json, k).append(':');
                RustcJsonWriter.writeString(json, VariableQuoting.escapeForDoubleQuotes(v));
            });
            return json.append('}').toString();
        }
        return value;
    }
}
