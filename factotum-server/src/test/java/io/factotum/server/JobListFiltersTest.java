package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.factotum.server.ctl.FactotumCtl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /jobs} with name and time filters over the whole store, against real servers on one
 * RocksDB store seeded once with more jobs than a page and than the scan budget. The "needle" is the
 * job last in job id order: no first page shows it, so a filter applied to the page shown finds
 * nothing.
 */
class JobListFiltersTest {
    static final int JOBS = 121;
    /** The budget of the servers that must cut their searches: well under {@link #JOBS}. */
    static final int SMALL_BUDGET = 25;

    @TempDir
    static Path dir;

    /** Every seeded job in job id order, with its latest run start read from its runs. */
    static final Map<String, Seeded> SEEDED = new LinkedHashMap<>();
    static Seeded needle;

    record Seeded(String id, String name, Instant lastRunAt) { }

    static ServerConfig config(int budget) {
        return TestServer.config(dir).toBuilder().store(ServerConfig.StoreKind.ROCKSDB)
                .dataDir(dir.resolve("store")).listScanBudget(budget).build();
    }

    @BeforeAll
    static void seed() {
        Path factfile = Factfiles.write(dir, "hay.factfile", "hay", Factfiles.task("t", "true"));
        try (TestServer http = new TestServer(config(ServerConfig.DEFAULT_LIST_SCAN_BUDGET))) {
            Map<String, String> names = new LinkedHashMap<>();
            for (int i = 0; i < JOBS; i++) {
                String name = String.format("hay-%03d", i);
                // the id comes from the factfile and its arguments, not the name: a tag per job
                names.put(http.submit(name, factfile, "--tag", "n," + i), name);
            }
            names.keySet().forEach(http::awaitDone);
            List<String> ids = new ArrayList<>(names.keySet());
            ids.sort(Comparator.naturalOrder());
            for (String id : ids) {
                var runs = http.get("/jobs/" + id + "/runs").json().getAsJsonObject().getAsJsonArray("runs");
                Instant started = Instant.parse(runs.get(runs.size() - 1).getAsJsonObject().get("startedAt").getAsString());
                SEEDED.put(id, new Seeded(id, names.get(id), started));
            }
            needle = SEEDED.get(ids.get(ids.size() - 1));
        }
    }

    @AfterAll
    static void noServerErrors() {
        assertThat(TestServer.SERVER_ERRORS).isEmpty();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<String> ids(JsonObject body) {
        List<String> ids = new ArrayList<>();
        body.getAsJsonArray("jobs").forEach(j -> ids.add(j.getAsJsonObject().getAsJsonObject("jobRequest")
                .get("jobId").getAsString()));
        return ids;
    }

    static JsonObject get(TestServer http, String path) {
        TestServer.Answer a = http.get(path);
        assertThat(a.status()).as(path + " -> " + a.body()).isEqualTo(200);
        return a.json().getAsJsonObject();
    }

    /** Follows nextAfter to the end, as a client does; checks each answer's bounds on the way. */
    static List<String> followAll(TestServer http, String query, int limit, int budget, List<JsonObject> answers) {
        List<String> found = new ArrayList<>();
        Optional<String> after = Optional.empty();
        for (int requests = 0; requests <= JOBS + 1; requests++) {
            JsonObject body = get(http, "/jobs?limit=" + limit + query + after.map(a -> "&after=" + a).orElse(""));
            answers.add(body);
            assertThat(body.getAsJsonArray("jobs").size()).isLessThanOrEqualTo(limit);
            assertThat(body.get("scanned").getAsInt()).isLessThanOrEqualTo(Math.max(budget, limit));
            List<String> page = ids(body);
            found.addAll(page);
            if (body.get("nextAfter").isJsonNull()) {
                assertThat(body.get("complete").getAsBoolean()).isTrue();
                return found;
            }
            // an answer ends on the limit (and goes on after its last job) or on the budget, which it says
            if (body.get("complete").getAsBoolean()) {
                assertThat(page).hasSize(limit);
                assertThat(body.get("nextAfter").getAsString()).isEqualTo(page.get(page.size() - 1));
            } else {
                assertThat(page.size()).isLessThan(limit);
                assertThat(body.get("scanned").getAsInt()).isEqualTo(Math.max(budget, limit));
            }
            after = Optional.of(body.get("nextAfter").getAsString());
        }
        throw new AssertionError("nextAfter never ran out for " + query);
    }

    static List<String> expected(Predicate<Seeded> matches) {
        return SEEDED.values().stream().filter(matches).map(Seeded::id).toList();
    }

    @Test
    void aNameFarDownTheIdOrderIsFoundInOneRequestWhenTheBudgetCoversTheStore() {
        try (TestServer http = new TestServer(config(ServerConfig.DEFAULT_LIST_SCAN_BUDGET))) {
            // the premise: the first page does not show the needle
            assertThat(ids(get(http, "/jobs?limit=100"))).doesNotContain(needle.id());

            String upper = needle.name().toUpperCase(java.util.Locale.ROOT);
            JsonObject body = get(http, "/jobs?limit=10&name=" + enc(upper));
            assertThat(ids(body)).containsExactly(needle.id());
            assertThat(body.get("nextAfter").isJsonNull()).isTrue();
            assertThat(body.get("complete").getAsBoolean()).isTrue();
            assertThat(body.get("scanned").getAsInt()).isEqualTo(JOBS);
            JsonObject item = body.getAsJsonArray("jobs").get(0).getAsJsonObject();
            assertThat(item.keySet()).containsExactly("state", "jobRequest", "lastRunFrom", "lastOutcome", "lastRunAt");
            assertThat(Instant.parse(item.get("lastRunAt").getAsString())).isEqualTo(needle.lastRunAt());

            // a substring in the middle of names, with the state filter too, across every page
            List<String> all = followAll(http, "&state=DONE&name=" + enc("Y-1"), 7, ServerConfig.DEFAULT_LIST_SCAN_BUDGET,
                    new ArrayList<>());
            assertThat(all).isEqualTo(expected(s -> s.name().contains("y-1")));
            assertThat(get(http, "/jobs?state=QUEUED&name=hay").getAsJsonArray("jobs")).isEmpty();
            assertThat(get(http, "/jobs?name=" + enc("no such job")).getAsJsonArray("jobs")).isEmpty();
        }
    }

    @Test
    void everyListedJobCarriesItsLatestRunStart() {
        try (TestServer http = new TestServer(config(ServerConfig.DEFAULT_LIST_SCAN_BUDGET))) {
            JsonObject body = get(http, "/jobs?limit=1000");
            assertThat(ids(body)).isEqualTo(new ArrayList<>(SEEDED.keySet()));
            for (JsonElement e : body.getAsJsonArray("jobs")) {
                JsonObject j = e.getAsJsonObject();
                String id = j.getAsJsonObject("jobRequest").get("jobId").getAsString();
                assertThat(Instant.parse(j.get("lastRunAt").getAsString())).as(id).isEqualTo(SEEDED.get(id).lastRunAt());
            }
            // an unfiltered page is one store page: the budget does not cut it
            assertThat(body.get("complete").getAsBoolean()).isTrue();

            // every state at once, all of them DONE: paging goes on past the first page
            List<String> order = new ArrayList<>(SEEDED.keySet());
            JsonObject first = get(http, "/jobs?limit=25");
            assertThat(ids(first)).isEqualTo(order.subList(0, 25));
            assertThat(first.get("nextAfter").getAsString()).isEqualTo(order.get(24));
            assertThat(followAll(http, "", 25, 25, new ArrayList<>())).isEqualTo(order);
        }
    }

    @Test
    void theBudgetCutsASearchAndAClientFollowingNextAfterFindsEveryMatchOnce() {
        try (TestServer http = new TestServer(config(SMALL_BUDGET))) {
            // the needle is last: the first answer has examined the budget, found nothing, and says so
            JsonObject first = get(http, "/jobs?limit=10&name=" + enc(needle.name()));
            assertThat(first.getAsJsonArray("jobs")).isEmpty();
            assertThat(first.get("complete").getAsBoolean()).isFalse();
            assertThat(first.get("scanned").getAsInt()).isEqualTo(SMALL_BUDGET);
            List<String> order = new ArrayList<>(SEEDED.keySet());
            assertThat(first.get("nextAfter").getAsString()).isEqualTo(order.get(SMALL_BUDGET - 1));

            List<JsonObject> answers = new ArrayList<>();
            assertThat(followAll(http, "&name=" + enc(needle.name()), 10, SMALL_BUDGET, answers))
                    .containsExactly(needle.id());
            assertThat(answers).hasSize((JOBS + SMALL_BUDGET - 1) / SMALL_BUDGET);

            // many matches, a small limit: pages end on the limit or on the budget, never repeat or skip
            answers.clear();
            List<String> fives = followAll(http, "&name=5", 3, SMALL_BUDGET, answers);
            assertThat(fives).isEqualTo(expected(s -> s.name().contains("5")));
            assertThat(new HashSet<>(fives)).hasSameSizeAs(fives);

            // a time filter is scanned the same way
            Instant mid = median();
            answers.clear();
            assertThat(followAll(http, "&since=" + mid, 4, SMALL_BUDGET, answers))
                    .isEqualTo(expected(s -> !s.lastRunAt().isBefore(mid)));
        }
    }

    static Instant median() {
        List<Instant> times = SEEDED.values().stream().map(Seeded::lastRunAt).sorted().toList();
        return times.get(times.size() / 2);
    }

    @Test
    void sinceIsInclusiveUntilIsExclusiveAndADateIsItsStartInUtc() {
        try (TestServer http = new TestServer(config(ServerConfig.DEFAULT_LIST_SCAN_BUDGET))) {
            Instant t = needle.lastRunAt();
            String name = "&name=" + enc(needle.name());
            assertThat(ids(get(http, "/jobs?since=" + t + name))).containsExactly(needle.id());
            assertThat(ids(get(http, "/jobs?since=" + t.plusNanos(1) + name))).isEmpty();
            assertThat(ids(get(http, "/jobs?until=" + t + name))).isEmpty();
            assertThat(ids(get(http, "/jobs?until=" + t.plusNanos(1) + name))).containsExactly(needle.id());
            assertThat(ids(get(http, "/jobs?since=" + t + "&until=" + t.plusNanos(1) + name))).containsExactly(needle.id());
            // with an offset: the same instant
            String shifted = t.atOffset(ZoneOffset.ofHours(2)).toString();
            assertThat(ids(get(http, "/jobs?since=" + enc(shifted) + name))).containsExactly(needle.id());
            assertThat(ids(get(http, "/jobs?since=" + enc(t.plusNanos(1).atOffset(ZoneOffset.ofHours(-5)).toString()) + name)))
                    .isEmpty();
            // a plain date: its first instant in UTC
            var day = t.atOffset(ZoneOffset.UTC).toLocalDate();
            assertThat(ids(get(http, "/jobs?since=" + day + name))).containsExactly(needle.id());
            assertThat(ids(get(http, "/jobs?until=" + day + name))).isEmpty();
            assertThat(ids(get(http, "/jobs?since=" + day.plusDays(1) + name))).isEmpty();
            assertThat(ids(get(http, "/jobs?until=" + day.plusDays(1) + name))).containsExactly(needle.id());

            // across the store: since and until split it at the same instant, with nothing lost or shared
            Instant mid = median();
            List<String> after = followAll(http, "&since=" + mid, 1000, 1000, new ArrayList<>());
            List<String> before = followAll(http, "&until=" + mid, 1000, 1000, new ArrayList<>());
            assertThat(after).isEqualTo(expected(s -> !s.lastRunAt().isBefore(mid)));
            assertThat(before).isEqualTo(expected(s -> s.lastRunAt().isBefore(mid)));
            assertThat(after).isNotEmpty();
            assertThat(before).isNotEmpty();
            assertThat(after.size() + before.size()).isEqualTo(JOBS);
        }
    }

    @Test
    void badFiltersAreRefusedWithAClearMessage() {
        try (TestServer http = new TestServer(config(ServerConfig.DEFAULT_LIST_SCAN_BUDGET))) {
            String times = "must be an ISO-8601 instant (e.g. 2026-12-02T10:15:30Z) or a date (e.g. 2026-12-02)";
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("since=yesterday", "Validation Error: Invalid 'since', " + times);
            refused.put("until=2026-13-45", "Validation Error: Invalid 'until', " + times);
            refused.put("since=2026-12-02T10:15:30", "Validation Error: Invalid 'since', " + times); // no zone
            refused.put("until=1733130000", "Validation Error: Invalid 'until', " + times);
            refused.put("since=" + "2026-12-02".repeat(20), "Validation Error: Invalid 'since', " + times);
            refused.put("since=2026-12-03&until=2026-12-02", "Validation Error: Invalid 'since', must not be after 'until'");
            refused.put("since=2026-12-02T00:00:00.001Z&until=2026-12-02",
                    "Validation Error: Invalid 'since', must not be after 'until'");
            refused.put("name=" + "x".repeat(1025), "Validation Error: Invalid 'name', must be at most 1024 characters");
            refused.put("name=hay&since=%00", "Validation Error: Invalid 'since', " + times);
            refused.forEach((query, message) -> {
                TestServer.Answer a = http.get("/jobs?" + query);
                assertThat(a.status()).as(query).isEqualTo(400);
                assertThat(a.message()).as(query).isEqualTo(message);
            });
            // the limits themselves are fine
            assertThat(http.get("/jobs?name=" + "x".repeat(1024)).status()).isEqualTo(200);
            assertThat(http.get("/jobs?since=2026-12-02&until=2026-12-02").status()).isEqualTo(200);
            assertThat(http.get("/jobs?name=&since=&until=").status()).isEqualTo(200);
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheFilters() {
        try (TestServer http = new TestServer(config(ServerConfig.DEFAULT_LIST_SCAN_BUDGET))) {
            JsonObject op = get(http, "/openapi.json").getAsJsonObject("paths").getAsJsonObject("/jobs")
                    .getAsJsonObject("get");
            Set<String> parameters = new HashSet<>();
            op.getAsJsonArray("parameters").forEach(p -> {
                parameters.add(p.getAsJsonObject().get("name").getAsString());
                if (!p.getAsJsonObject().get("name").getAsString().equals("pretty")) {
                    assertThat(p.getAsJsonObject().get("description").getAsString()).isNotBlank();
                }
            });
            assertThat(parameters).contains("state", "name", "since", "until", "limit", "after");
            JsonObject schema = op.getAsJsonObject("responses").getAsJsonObject("200").getAsJsonObject("content")
                    .getAsJsonObject("application/json").getAsJsonObject("schema");
            assertThat(schema.getAsJsonObject("properties").keySet()).contains("jobs", "nextAfter", "scanned", "complete");
            assertThat(schema.getAsJsonObject("properties").getAsJsonObject("jobs").getAsJsonObject("items")
                    .getAsJsonObject("properties").keySet()).contains("lastRunAt");
        }
    }

    @Test
    void aJobNeverRunHasNoLastRunAndMatchesNoTimeFilter(@TempDir Path own) {
        ServerConfig config = TestServer.config(own).toBuilder().store(ServerConfig.StoreKind.ROCKSDB)
                .dataDir(own.resolve("store")).maxWorkers(1).build();
        try (TestServer http = new TestServer(config)) {
            Path blocking = Factfiles.write(own, "block.factfile", "block",
                    Factfiles.task("wait", "while [ ! -f '" + own.resolve("go") + "' ]; do sleep 0.02; done"));
            String running = http.submit("running", blocking);
            TestServer.await("the first job runs", () -> http.state(running).equals("WORKING"));
            String queued = http.submit("queued", blocking, "--tag", "x,y");
            assertThat(http.state(queued)).isEqualTo("QUEUED");

            JsonObject all = get(http, "/jobs");
            for (JsonElement e : all.getAsJsonArray("jobs")) {
                JsonObject j = e.getAsJsonObject();
                boolean isQueued = j.getAsJsonObject("jobRequest").get("jobId").getAsString().equals(queued);
                assertThat(j.get("lastRunAt").isJsonNull()).isEqualTo(isQueued);
                assertThat(j.has("lastRunAt")).isTrue();
            }
            assertThat(ids(get(http, "/jobs?since=1970-01-01"))).containsExactly(running);
            assertThat(ids(get(http, "/jobs?until=9999-12-31"))).containsExactly(running);
            assertThat(ids(get(http, "/jobs?name=QUEUED"))).containsExactly(queued);
            assertThat(http.post("/jobs/" + queued + "/cancel", "").status()).isEqualTo(200);
            assertThat(http.post("/jobs/" + running + "/cancel", "").status()).isEqualTo(200);
            http.awaitDone(running);
            http.awaitDone(queued);
        }
    }

    record Ctl(int code, String out, String err) { }

    static Ctl ctl(TestServer http, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new FactotumCtl(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("FACTOTUM_URL", http.base), false)
                .run(List.of(args));
        return new Ctl(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void factotumctlListPassesTheFiltersAndFollowsASearchTheBudgetCut() {
        try (TestServer http = new TestServer(config(SMALL_BUDGET))) {
            // the server cuts the search four times before the needle; the command follows to it
            Ctl found = ctl(http, "list", "--name", needle.name(), "--limit", "5");
            assertThat(found.code()).as(found.err()).isZero();
            assertThat(found.out().lines().toList()).hasSize(2);
            assertThat(found.out().lines().toList().get(0)).contains("JOB ID", "NAME", "LAST RUN");
            assertThat(found.out().lines().toList().get(1)).contains(needle.id(), needle.name(), "DONE",
                    needle.lastRunAt().toString());

            // a full page: the hint repeats the filters
            Ctl page = ctl(http, "list", "--name", "hay", "--state", "DONE", "--limit", "2");
            List<String> order = new ArrayList<>(SEEDED.keySet());
            assertThat(page.out()).contains(order.get(0), order.get(1)).doesNotContain(order.get(2));
            assertThat(page.out()).contains("(more: factotumctl list --name hay --state DONE --limit 2 --after "
                    + order.get(1) + ")");

            // times, with --json: the answers followed, merged into one
            Instant t = needle.lastRunAt();
            Ctl json = ctl(http, "--json", "list", "--since", t.toString(), "--until", t.plusNanos(1).toString(),
                    "--name", "hay");
            assertThat(json.code()).as(json.err()).isZero();
            JsonObject body = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
            assertThat(ids(body)).isEqualTo(expected(s -> s.lastRunAt().equals(t)));
            assertThat(body.get("nextAfter").isJsonNull()).isTrue();
            assertThat(body.get("scanned").getAsInt()).isEqualTo(JOBS);
            assertThat(body.get("complete").getAsBoolean()).isTrue();

            // refused values are the server's refusals
            Ctl bad = ctl(http, "list", "--since", "yesterday");
            assertThat(bad.code()).isEqualTo(FactotumCtl.REFUSED);
            assertThat(bad.err()).contains("Validation Error: Invalid 'since'");
            assertThat(ctl(http, "list", "--name").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        }
    }

    /**
     * The dashboard sends the name to the server: a job that no first page shows is found by typing
     * its name; with a small budget the page says it searched part of the store and Next goes on.
     */
    @Test
    void theDashboardFindsAJobNotOnTheFirstPageByName() {
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary(new java.io.File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--no-first-run", "--user-data-dir=" + dir.resolve("chromium-profile"));
        org.openqa.selenium.WebDriver browser = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        try {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(30),
                    java.time.Duration.ofMillis(50));
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            org.openqa.selenium.By rows = org.openqa.selenium.By.cssSelector("#jobs-body tr");
            org.openqa.selenium.By needleRow = org.openqa.selenium.By.cssSelector("#jobs-body tr[data-job='" + needle.id() + "']");
            org.openqa.selenium.By note = org.openqa.selenium.By.id("page-note");
            String lastRun = needle.lastRunAt().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z");
            try (TestServer http = new TestServer(config(ServerConfig.DEFAULT_LIST_SCAN_BUDGET))) {
                browser.get(http.base + "/ui/#/");
                wait.until(d -> d.findElements(rows).size() == 100);
                assertThat(browser.findElements(needleRow)).isEmpty();
                browser.findElement(org.openqa.selenium.By.id("filter-name")).sendKeys(needle.name());
                wait.until(d -> d.findElements(rows).size() == 1 && d.findElements(needleRow).size() == 1);
                assertThat(browser.findElement(needleRow).getText()).contains(needle.name(), "DONE", lastRun);
                assertThat(browser.findElement(note).getText()).isEmpty();
            }
            try (TestServer http = new TestServer(config(SMALL_BUDGET))) {
                browser.get(http.base + "/ui/#/");
                wait.until(d -> d.findElements(rows).size() == 100);
                browser.findElement(org.openqa.selenium.By.id("filter-name")).sendKeys(needle.name());
                // the page asks for 100 jobs, so the search examines max(budget, 100) before answering
                int examined = Math.max(SMALL_BUDGET, 100);
                wait.until(d -> d.findElement(note).getText().equals("Searched " + examined + " jobs, more to search: Next page"));
                assertThat(browser.findElements(rows)).isEmpty();
                // Next, by keyboard, until the needle's page
                for (int page = 2; browser.findElements(needleRow).isEmpty(); page++) {
                    String info = "Page " + page + " ";
                    browser.findElement(org.openqa.selenium.By.id("page-next")).sendKeys(org.openqa.selenium.Keys.ENTER);
                    wait.until(d -> d.findElement(org.openqa.selenium.By.id("page-info")).getText().startsWith(info));
                    assertThat(page).isLessThanOrEqualTo((JOBS + examined - 1) / examined);
                }
                assertThat(browser.findElement(needleRow).getText()).contains(needle.name(), lastRun);
                assertThat(browser.findElement(note).getText()).isEmpty();
                assertThat(browser.findElement(org.openqa.selenium.By.id("page-next")).isEnabled()).isFalse();
            }
        } finally {
            browser.quit();
        }
    }
}
