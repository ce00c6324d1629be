package io.factotum.factfile;

import io.factotum.compat.OsErrors;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.factotum.json.JsonParseException;
import io.factotum.json.RustcJsonReader;
import io.factotum.json.RustcJsonWriter;
import io.factotum.json.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads, validates and templates factfiles: Factotum's {@code parser::parse} pipeline (spec 1.4),
 * with the same messages, in the same order (which error wins matters).
 *
 * <ol>
 *   <li>read the file as UTF-8 ({@code Couldn't open '<f>' for reading: ...},
 *       {@code Couldn't read '<f>': ...});</li>
 *   <li>JSON syntax ({@code invalid JSON - <reason> at line L, column C});</li>
 *   <li>the embedded JSON schema (valico's error lines, joined with newlines);</li>
 *   <li>the compact "raw" re-encoding in Factotum's fixed field order;</li>
 *   <li>with variables: template the raw string, then the job name;</li>
 *   <li>per task in file order: template the name; no continue code / conflicting codes; template
 *       the command (result discarded), arguments and dependencies; DAG rules.</li>
 * </ol>
 * The DAG rules (duplicate name, self dependency, dependency not defined earlier) and malformed
 * templates make Factotum panic; here they are clean errors (ruling 1). Every message after step 1
 * is prefixed {@code '<f>' is not a valid factotum factfile: }.
 *
 * <p>Thread-safe and stateless; linear in the size of the factfile.
 */
public final class FactfileParser {
    /** Largest factfile read (512 MiB): far above any real factfile, well below JVM array limits. */
    static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    private final SchemaValidator schema;
    private final long maxFileBytes;

    public FactfileParser() {
        this(MAX_FILE_BYTES);
    }

    /** @param maxFileBytes the largest file read (at most {@value #MAX_FILE_BYTES}); larger files are refused */
    public FactfileParser(long maxFileBytes) {
        if (maxFileBytes < 1 || maxFileBytes > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("maxFileBytes must be in 1.." + MAX_FILE_BYTES);
        }
        this.schema = FactfileSchema.validator();
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Parses and templates a factfile (for {@code run} and {@code validate}).
     *
     * @param file the file to read
     * @param displayPath the path as the user typed it, used in messages as {@code <f>}
     * @param variables the variables; {@code null} means no templating at all
     */
    public Factfile parse(Path file, String displayPath, Variables variables) throws FactfileException {
        return parse(read(file, displayPath, maxFileBytes), displayPath, variables);
    }

    /** Parses without templating (for {@code dot}): placeholders stay literal. */
    public Factfile parseUntemplated(Path file, String displayPath) throws FactfileException {
        return parse(read(file, displayPath, maxFileBytes), displayPath, null);
    }

    /**
     * Parses factfile text.
     *
     * @param variablesOrNull the variables, or {@code null} for no templating
     */
    public Factfile parse(String text, String displayPath, Variables variablesOrNull) throws FactfileException {
        return template(decode(text, displayPath), displayPath, variablesOrNull);
    }

    /**
     * The first half of {@link #parse(String, String, Variables)}: JSON, schema and decoding, which
     * depend on the text alone, so a caller may keep the result per text and template it for each
     * job's variables ({@link #template}).
     */
    public DecodedFactfile decode(String text, String displayPath) throws FactfileException {
        JsonElement document;
        try {
            document = RustcJsonReader.parse(text);
        } catch (JsonParseException e) {
            throw invalid(displayPath, "invalid JSON - " + e.getMessage());
        }
        List<SchemaValidator.Failure> failures = schema.validate(document);
        if (!failures.isEmpty()) {
            throw invalid(displayPath, failures.stream().map(SchemaValidator.Failure::line).collect(Collectors.joining("\n")));
        }
        return decode(document.getAsJsonObject());
    }

    /**
     * The second half of {@link #parse(String, String, Variables)}: templating with
     * {@code variablesOrNull} ({@code null}: none) and the DAG rules.
     */
    public Factfile template(DecodedFactfile decoded, String displayPath, Variables variablesOrNull)
            throws FactfileException {
        return build(decoded, displayPath, variablesOrNull == null ? null : variablesOrNull.templateContext(),
                variablesOrNull == null ? VariableQuoting.AS_GIVEN : variablesOrNull.quoting());
    }

    /** Reads a factfile's text as {@link #parse(Path, String, Variables)} does (regular files only, bounded). */
    public String readText(Path file, String displayPath) throws FactfileException {
        return read(file, displayPath, maxFileBytes);
    }

    // ---------------------------------------------------------------------------------------------

    private static DecodedFactfile decode(JsonObject root) {
        JsonObject data = root.getAsJsonObject("data");
        JsonArray tasksJson = data.getAsJsonArray("tasks");
        List<TaskSpec> tasks = new ArrayList<>(tasksJson.size());
        for (JsonElement element : tasksJson) {
            JsonObject t = element.getAsJsonObject();
            JsonObject onResult = t.getAsJsonObject("onResult");
            tasks.add(new TaskSpec(
                    t.get("name").getAsString(),
                    t.get("executor").getAsString(),
                    t.get("command").getAsString(),
                    strings(t.getAsJsonArray("arguments")),
                    strings(t.getAsJsonArray("dependsOn")),
                    new OnResult(ints(onResult.getAsJsonArray("terminateJobWithSuccess")),
                            ints(onResult.getAsJsonArray("continueJob")))));
        }
        return new DecodedFactfile(root.get("schema").getAsString(), data.get("name").getAsString(), tasks);
    }

    private static List<String> strings(JsonArray array) {
        List<String> list = new ArrayList<>(array.size());
        array.forEach(e -> list.add(e.getAsString()));
        return list;
    }

    private static List<Integer> ints(JsonArray array) {
        List<Integer> list = new ArrayList<>(array.size());
        array.forEach(e -> list.add(e.getAsInt()));
        return list;
    }

    /**
     * The "raw" factfile: rustc-serialize's compact encoding of the decoded structs, fields in
     * declaration order whatever the file's order (spec 1.6).
     */
    private static String raw(DecodedFactfile d) {
        StringBuilder out = new StringBuilder(256 + d.tasks().size() * 200);
        out.append("{\"schema\":");
        RustcJsonWriter.writeString(out, d.schema());
        out.append(",\"data\":{\"name\":");
        RustcJsonWriter.writeString(out, d.name());
        out.append(",\"tasks\":[");
        for (int i = 0; i < d.tasks().size(); i++) {
            TaskSpec t = d.tasks().get(i);
            out.append(i == 0 ? "{\"name\":" : ",{\"name\":");
            RustcJsonWriter.writeString(out, t.name());
            out.append(",\"executor\":");
            RustcJsonWriter.writeString(out, t.executor());
            out.append(",\"command\":");
            RustcJsonWriter.writeString(out, t.command());
            out.append(",\"arguments\":");
            stringArray(out, t.arguments());
            out.append(",\"dependsOn\":");
            stringArray(out, t.dependsOn());
            out.append(",\"onResult\":{\"terminateJobWithSuccess\":");
            intArray(out, t.onResult().terminateJobWithSuccess());
            out.append(",\"continueJob\":");
            intArray(out, t.onResult().continueJob());
            out.append("}}");
        }
        return out.append("]}}").toString();
    }

    private static void stringArray(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            RustcJsonWriter.writeString(out, values.get(i));
        }
        out.append(']');
    }

    private static void intArray(StringBuilder out, List<Integer> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values.get(i).intValue());
        }
        out.append(']');
    }

    private static Factfile build(DecodedFactfile decoded, String f, Map<String, String> context, VariableQuoting quoting)
            throws FactfileException {
        String raw = raw(decoded);
        String finalRaw = context == null ? raw : render(raw, context, f);
        String finalName = context == null ? decoded.name() : render(decoded.name(), context, f);

        Set<String> defined = new HashSet<>();
        List<TaskSpec> tasks = new ArrayList<>(decoded.tasks().size());
        for (TaskSpec task : decoded.tasks()) {
            String name = context == null ? task.name() : render(task.name(), context, f);
            List<Integer> continueJob = task.onResult().continueJob();
            if (continueJob.isEmpty()) {
                throw invalid(f, "the task '" + name + "' has no way to continue successfully.");
            }
            // A set, not List.contains: both lists may be long, and pairwise checks are quadratic.
            Set<Integer> terminate = new HashSet<>(task.onResult().terminateJobWithSuccess());
            for (Integer code : continueJob) {
                if (terminate.contains(code)) {
                    throw invalid(f, "the task '" + name + "' has conflicting actions.");
                }
            }
            List<String> arguments = task.arguments();
            List<String> dependsOn = task.dependsOn();
            if (context != null) {
                // Factotum renders the command only to surface template errors; it runs it untemplated.
                render(task.command(), context, f);
                // Arguments are what reaches the shell, inside double quotes (ruling 10).
                arguments = renderArguments(arguments, context, f, quoting);
                dependsOn = renderAll(dependsOn, context, f);
            }
            if (defined.contains(name)) {
                throw invalid(f, "the task '" + name + "' is defined more than once.");
            }
            if (dependsOn.contains(name)) {
                throw invalid(f, "the task '" + name + "' cannot depend on itself.");
            }
            for (String dependency : dependsOn) {
                if (!defined.contains(dependency)) {
                    throw invalid(f, "the task '" + name + "' depends on '" + dependency
                            + "', which must be defined earlier in the file.");
                }
            }
            defined.add(name);
            tasks.add(new TaskSpec(name, task.executor(), task.command(), arguments, dependsOn, task.onResult()));
        }
        return new Factfile(finalName, tasks, finalRaw);
    }

    private static List<String> renderAll(List<String> values, Map<String, String> context, String f)
            throws FactfileException {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(render(v, context, f));
        }
        return out;
    }

    private static List<String> renderArguments(List<String> values, Map<String, String> context, String f,
            VariableQuoting quoting) throws FactfileException {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            try {
                out.add(Templater.render(v, context, quoting::apply));
            } catch (TemplateException e) {
                throw invalid(f, "Error rendering template: " + e.getMessage());
            }
        }
        return out;
    }

    private static String render(String template, Map<String, String> context, String f) throws FactfileException {
        try {
            return Templater.render(template, context);
        } catch (TemplateException e) {
            throw invalid(f, "Error rendering template: " + e.getMessage());
        }
    }

    private static FactfileException invalid(String f, String message) {
        return new FactfileException("'" + f + "' is not a valid factotum factfile: " + message);
    }

    // ---------------------------------------------------------------------------------------------

    /** Reads the whole file as strict UTF-8, with Rust's error texts. */
    static String read(Path file, String f, long maxBytes) throws FactfileException {
        if (file.toString().isEmpty()) {
            // Rust's File::open("") fails with ENOENT; Java would resolve "" to the working directory.
            throw new FactfileException("Couldn't open '" + f + "' for reading: No such file or directory (os error 2)");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new FactfileException("Couldn't open '" + f + "' for reading: " + OsErrors.describe(e), e);
        }
        byte[] bytes;
        try (channel; InputStream in = Channels.newInputStream(channel)) {
            if (channel.size() > maxBytes) {
                // Rust would try anyway; a JVM array or String cannot hold it, so fail clearly.
                throw new FactfileException("Couldn't read '" + f + "': file is too large (" + channel.size()
                        + " bytes; the limit is " + maxBytes + ")");
            }
            // The size is 0 for devices and pipes (/dev/zero never ends): never read past the limit.
            bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new FactfileException("Couldn't read '" + f + "': file is too large (more than "
                        + maxBytes + " bytes)");
            }
        } catch (IOException e) {
            throw new FactfileException("Couldn't read '" + f + "': " + OsErrors.describe(e), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FactfileException("Couldn't read '" + f + "': stream did not contain valid UTF-8", e);
        }
    }
}
