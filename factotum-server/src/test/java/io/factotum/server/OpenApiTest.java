package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.factotum.server.http.Routes;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document passes the swagger-parser validator and lists exactly the registered routes. */
class OpenApiTest {
    @TempDir
    Path dir;

    @Test
    void documentListsEveryRegisteredRoute() {
        try (TestServer http = new TestServer(TestServer.config(dir))) {
            TestServer.Answer a = http.get("/openapi.json");
            assertThat(a.status()).isEqualTo(200);
            JsonObject doc = a.json().getAsJsonObject();
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(a.body(), null, null);
            assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
            assertThat(parsed.getOpenAPI()).isNotNull();
            JsonObject broken = doc.deepCopy();
            broken.remove("info");
            broken.getAsJsonObject("paths").getAsJsonObject("/status").add("get", new JsonObject());
            assertThat(new OpenAPIV3Parser().readContents(broken.toString(), null, null).getMessages())
                    .as("the validator rejects a broken copy").isNotEmpty();
            assertThat(doc.get("openapi").getAsString()).startsWith("3.0.");
            assertThat(doc.getAsJsonObject("info").get("title").getAsString()).isNotBlank();
            assertThat(doc.getAsJsonObject("info").get("version").getAsString()).isNotBlank();
            Set<String> documented = new HashSet<>();
            JsonObject paths = doc.getAsJsonObject("paths");
            for (String path : paths.keySet()) {
                assertThat(path).startsWith("/");
                JsonObject item = paths.getAsJsonObject(path);
                for (String method : item.keySet()) {
                    assertThat(method).isIn("get", "post", "put", "delete", "patch", "head", "options");
                    JsonObject op = item.getAsJsonObject(method);
                    assertThat(op.getAsJsonObject("responses").keySet()).contains("200");
                    assertThat(op.get("operationId").getAsString()).isNotBlank();
                    // every {param} of the path is declared as a required path parameter
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
                    while (m.find()) {
                        String name = m.group(1);
                        assertThat(op.getAsJsonArray("parameters")).anySatisfy(p -> {
                            assertThat(p.getAsJsonObject().get("name").getAsString()).isEqualTo(name);
                            assertThat(p.getAsJsonObject().get("in").getAsString()).isEqualTo("path");
                            assertThat(p.getAsJsonObject().get("required").getAsBoolean()).isTrue();
                        });
                    }
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
            Set<String> registered = new HashSet<>();
            for (Routes.Route r : http.server.routes().table()) {
                registered.add(r.method() + " " + r.template());
            }
            assertThat(documented).isEqualTo(registered);
            assertThat(registered).contains("GET /", "GET /help", "GET /status", "POST /settings", "POST /submit",
                    "GET /check", "GET /jobs", "GET /jobs/{id}", "POST /jobs/{id}/cancel", "POST /jobs/{id}/resume",
                    "GET /jobs/{id}/runs/{runRef}/tasks/{task}/output", "GET /health/live", "GET /health/ready",
                    "GET /metrics", "GET /openapi.json");
            // operation ids are unique
            Set<String> ids = new HashSet<>();
            paths.keySet().forEach(p -> paths.getAsJsonObject(p).entrySet().forEach(e ->
                    assertThat(ids.add(e.getValue().getAsJsonObject().get("operationId").getAsString())).isTrue()));
        }
    }
}
