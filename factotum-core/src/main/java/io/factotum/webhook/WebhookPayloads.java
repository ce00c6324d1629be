package io.factotum.webhook;

import io.factotum.json.RustcJsonWriter;
import io.factotum.json.CodePointOrder;
import io.factotum.engine.JobEvent;
import io.factotum.engine.JobRunState;
import io.factotum.engine.JobTransition;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.engine.TaskTransition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders engine events as Factotum's {@code job_update} / {@code task_update} payloads (spec 5.2,
 * 5.3): {@code {"schema":…,"data":{…}}}, compact, every key inside {@code data} sorted by byte order,
 * optional keys omitted, strings escaped as rustc-serialize does (spec 1.6).
 *
 * <p>One instance per run: the fields every payload repeats are rendered once, so turning an event
 * into a payload on the engine's thread stays cheap.
 */
public final class WebhookPayloads {
    public static final String JOB_UPDATE_SCHEMA = "iglu:com.snowplowanalytics.factotum/job_update/jsonschema/1-0-0";
    public static final String TASK_UPDATE_SCHEMA = "iglu:com.snowplowanalytics.factotum/task_update/jsonschema/1-0-0";
    /** {@code applicationContext.name}. */
    public static final String APPLICATION_NAME = "factotum";
    /** {@code applicationContext.version}: the Factotum release this project is compatible with. */
    public static final String APPLICATION_VERSION = "0.7.0";

    private static final String RUN_DURATION = "runDuration";

    private final WebhookContext context;
    /** The JSON values of the keys that are the same in every payload of the run. */
    private final Map<String, String> constantFields;

    public WebhookPayloads(WebhookContext context) {
        this.context = context;
        Map<String, String> fields = new TreeMap<>(CodePointOrder.INSTANCE);
        fields.put("applicationContext", "{\"name\":" + RustcJsonWriter.quote(APPLICATION_NAME)
                + ",\"version\":" + RustcJsonWriter.quote(APPLICATION_VERSION) + "}");
        fields.put("factfile", RustcJsonWriter.quote(base64(context.rawFactfile())));
        fields.put("jobName", RustcJsonWriter.quote(context.jobName()));
        fields.put("jobReference", RustcJsonWriter.quote(context.jobReference()));
        fields.put("runReference", RustcJsonWriter.quote(context.runReference()));
        fields.put("startTime", RustcJsonWriter.quote(WebhookFormats.timestamp(context.startTime())));
        fields.put("tags", object(context.tags()));
        this.constantFields = Map.copyOf(fields);
    }

    /** The payload of {@code event}, still waiting for its run duration. */
    public WebhookPayload payload(JobEvent event) {
        Map<String, String> data = new TreeMap<>(CodePointOrder.INSTANCE);
        data.putAll(constantFields);
        data.put(RUN_DURATION, null); // a placeholder: fixes its position among the sorted keys
        data.put("runState", RustcJsonWriter.quote(event.runState().name()));
        data.put("taskStates", taskStates(event.tasks()));
        event.jobTransition().ifPresentOrElse(
                transition -> data.put("jobTransition", jobTransition(transition)),
                () -> data.put("taskTransitions", taskTransitions(event.taskTransitions())));

        String schema = event.jobTransition().isPresent() ? JOB_UPDATE_SCHEMA : TASK_UPDATE_SCHEMA;
        StringBuilder json = new StringBuilder(1024).append("{\"schema\":");
        RustcJsonWriter.writeString(json, schema).append(",\"data\":{");
        String beforeRunDuration = null;
        boolean first = true;
        for (Map.Entry<String, String> field : data.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            RustcJsonWriter.writeString(json, field.getKey()).append(':');
            if (field.getKey().equals(RUN_DURATION)) {
                beforeRunDuration = json.toString();
                json.setLength(0);
            } else {
                json.append(field.getValue());
            }
        }
        json.append("}}");
        return new WebhookPayload(beforeRunDuration, json.toString(), context.startTime());
    }

    /** The complete body of {@code event} with the given run duration. */
    public String json(JobEvent event, Duration runDuration) {
        return payload(event).json(runDuration);
    }

    private String taskStates(List<TaskSnapshot> tasks) {
        StringBuilder out = new StringBuilder(64 * tasks.size() + 2).append('[');
        for (int i = 0; i < tasks.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendObject(out, taskState(tasks.get(i)));
        }
        return out.append(']').toString();
    }

    /** One {@code taskStates} item: only {@code taskName} and {@code state} are always present. */
    private Map<String, String> taskState(TaskSnapshot task) {
        Map<String, String> item = new TreeMap<>(CodePointOrder.INSTANCE);
        item.put("taskName", RustcJsonWriter.quote(task.taskName()));
        item.put("state", RustcJsonWriter.quote(task.state().name()));
        task.started().ifPresent(at -> item.put("started", RustcJsonWriter.quote(WebhookFormats.timestamp(at))));
        Optional<TaskResult> result = task.result();
        result.ifPresent(r -> {
            item.put("duration", RustcJsonWriter.quote(WebhookFormats.isoDuration(r.duration())));
            item.put("returnCode", Integer.toString(r.returnCode()));
        });
        // A finished task reports what it captured; a running one its live output (heartbeats).
        Optional<String> stdout = result.isPresent() ? result.get().stdout() : task.liveStdout();
        Optional<String> stderr = result.isPresent() ? result.get().stderr() : task.liveStderr();
        stdout.filter(s -> !s.isEmpty()).ifPresent(s -> item.put("stdout", tail(s)));
        stderr.filter(s -> !s.isEmpty()).ifPresent(s -> item.put("stderr", tail(s)));
        errorMessage(task).ifPresent(message -> item.put("errorMessage", RustcJsonWriter.quote(message)));
        return item;
    }

    /** SKIPPED: the skip reason; FAILED: why the command could not run, if so, else the failure reason. */
    private static Optional<String> errorMessage(TaskSnapshot task) {
        if (task.state() == TaskState.SKIPPED) {
            return task.reason();
        }
        if (task.state() == TaskState.FAILED) {
            Optional<String> executionError = task.result().flatMap(TaskResult::executionError);
            return executionError.isPresent() ? executionError : task.reason();
        }
        return Optional.empty();
    }

    private String tail(String output) {
        return RustcJsonWriter.quote(WebhookFormats.tailChars(output, context.maxStdouterrSize()));
    }

    private static String jobTransition(JobTransition transition) {
        JobRunState previous = transition.previous();
        return "{\"currentState\":" + RustcJsonWriter.quote(transition.current().name())
                + ",\"previousState\":" + (previous == null ? "null" : RustcJsonWriter.quote(previous.name())) + "}";
    }

    private static String taskTransitions(List<TaskTransition> transitions) {
        StringBuilder out = new StringBuilder(96 * transitions.size() + 2).append('[');
        for (int i = 0; i < transitions.size(); i++) {
            TaskTransition t = transitions.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"currentState\":");
            RustcJsonWriter.writeString(out, t.current().name()).append(",\"previousState\":");
            RustcJsonWriter.writeString(out, t.previous().name()).append(",\"taskName\":");
            RustcJsonWriter.writeString(out, t.taskName()).append('}');
        }
        return out.append(']').toString();
    }

    private static String object(Map<String, String> strings) {
        Map<String, String> values = new TreeMap<>(CodePointOrder.INSTANCE);
        strings.forEach((key, value) -> values.put(key, RustcJsonWriter.quote(value)));
        return appendObject(new StringBuilder(), values).toString();
    }

    /** Writes {@code fields} (key to JSON value) as an object in the map's order. */
    private static StringBuilder appendObject(StringBuilder out, Map<String, String> fields) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            RustcJsonWriter.writeString(out, field.getKey()).append(':').append(field.getValue());
        }
        return out.append('}');
    }

    private static String base64(String raw) {
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
