package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard's and docs page's files over real HTTP: what is served, to whom, with which headers. */
class DashboardAssetsTest extends RunningServerTest {

    @Test
    void theDashboardAndDocsAreServedFromTheJarWithAPolicyThatAllowsNothingFromElsewhere() {
        TestServer.Answer page = http.get("/ui/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\">");
        String policy = page.raw().headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(page.raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(http.get("/ui/app.js").contentType()).startsWith("text/javascript");
        assertThat(http.get("/ui/dag.js").status()).isEqualTo(200);
        assertThat(http.get("/ui").status()).isEqualTo(302);

        assertThat(http.get("/docs/").body()).contains("swagger-ui-bundle.js");
        TestServer.Answer bundle = http.get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.contentType()).startsWith("text/javascript");
    }

    @Test
    void onlyPlainFileNamesAreServedAndOnlyByGet() {
        for (String path : new String[] {"/ui/missing.js", "/ui/..%2F..%2Fdocs%2Findex.html", "/ui/.%2Fapp.js",
                "/ui//app.js", "/ui/%2e%2e/docs/index.html", "/docs/..%2Fui%2Findex.html",
                "/docs/META-INF/MANIFEST.MF"}) {
            TestServer.Answer a = http.get(path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.message()).as(path).startsWith("Not found");
        }
        assertThat(http.post("/ui/index.html", "{}").status()).isEqualTo(404);
    }

    @Test
    void withATokenTheFilesAreOpenButEveryCallAndStreamNeedsIt() throws Exception {
        http.close();
        http = new TestServer(config().toBuilder().apiToken(Optional.of("assets-token-1")).build());
        assertThat(http.get("/ui/").status()).isEqualTo(200);
        assertThat(http.get("/docs/swagger-ui.css").status()).isEqualTo(200);
        assertThat(http.get("/jobs").status()).isEqualTo(401);
        assertThat(http.get("/events").status()).isEqualTo(401);
        assertThat(http.get("/jobs/" + "a".repeat(64) + "/events").status()).isEqualTo(401);
        assertThat(http.get("/uix").status()).isEqualTo(401); // a prefix opens its own folder only
        var r = http.client.send(HttpRequest.newBuilder(URI.create(http.base + "/events"))
                .header("Authorization", "Bearer assets-token-1").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        r.body().close();
    }

    @Test
    void aJobsGraphListsItsTasksAndDependencies() {
        Path ff = Factfiles.write(dir, "g.factfile", "g", Factfiles.task("a", "true"), Factfiles.task("b", "true", "a"),
                Factfiles.task("c", "true", "a", "b"));
        String id = http.submit("g", ff);
        JsonArray tasks = http.get("/jobs/" + id + "/dag").json().getAsJsonObject().getAsJsonArray("tasks");
        assertThat(tasks).hasSize(3);
        JsonObject c = tasks.get(2).getAsJsonObject();
        assertThat(c.get("name").getAsString()).isEqualTo("c");
        assertThat(c.getAsJsonArray("dependsOn").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(http.get("/jobs/" + "0".repeat(64) + "/dag").status()).isEqualTo(404);
        http.awaitDone(id);
    }

    @Test
    void theOpenApiDocumentDescribesTheEventStreams() {
        JsonObject paths = http.get("/openapi.json").json().getAsJsonObject().getAsJsonObject("paths");
        assertThat(paths.has("/events")).isTrue();
        assertThat(paths.has("/jobs/{id}/dag")).isTrue();
        JsonObject stream = paths.getAsJsonObject("/jobs/{id}/events").getAsJsonObject("get");
        assertThat(stream.getAsJsonObject("responses").getAsJsonObject("200").getAsJsonObject("content")
                .has("text/event-stream")).isTrue();
        assertThat(stream.getAsJsonArray("parameters").toString()).contains("Last-Event-ID");
    }
}
