package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end: Debian's headless Chromium (driven through its chromedriver) against a real
 * server on RocksDB running real shell tasks. Each step waits for what the page shows (polling with a
 * deadline), never for a time. The screenshots in {@code docs/screenshots/} are taken here.
 */
class DashboardBrowserTest extends RunningServerTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private WebDriver browser;
    private WebDriverWait wait;

    @Override
    ServerConfig config() {
        return super.config().toBuilder().store(ServerConfig.StoreKind.ROCKSDB).dataDir(dir.resolve("store"))
                .build();
    }

    @BeforeEach
    void openBrowser() {
        assertThat(CHROMIUM).as("Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver is needed: apt-get install -y chromium-driver").exists();
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE); // CDP version notices are not failures
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--force-device-scale-factor=1", "--no-first-run", "--user-data-dir="
                        + dir.resolve("chromium-profile"));
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // a row redrawn mid-check: look again
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void touch(String name) {
        try {
            Files.writeString(dir.resolve(name), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String waitFor(String file) {
        return "while [ ! -f '" + dir.resolve(file) + "' ]; do sleep 0.05; done";
    }

    private void awaitNode(String task, String state) {
        By node = By.cssSelector(".dag .node[data-task='" + task + "']");
        wait.withMessage(() -> task + " should be " + state).until(d -> {
            List<WebElement> found = d.findElements(node);
            return !found.isEmpty() && found.get(0).getAttribute("class").contains("s-" + state + "");
        });
    }

    private void awaitText(By where, String text) {
        wait.withMessage(() -> "'" + text + "' in " + where).until(
                (ExpectedCondition<Boolean>) d -> d.findElement(where).getText().contains(text));
    }

    private void screenshot(String name) {
        Path target = TestServer.repoRoot().resolve("docs/screenshots").resolve(name);
        try {
            Files.createDirectories(target.getParent());
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pipeline() {
        return Factfiles.write(dir, "nightly.factfile", "nightly-etl",
                Factfiles.task("extract", "echo extracting; " + waitFor("g1")),
                Factfiles.task("audit", "echo audited", "extract"),
                Factfiles.task("transform", "echo transforming; " + waitFor("g2"), "extract"),
                Factfiles.task("load", "echo 'loading row 1'; echo 'loading row 2'; " + waitFor("g3")
                        + "; if [ -f '" + dir.resolve("fixed") + "' ]; then echo loaded; else echo 'error: target table is locked' >&2; exit 1; fi",
                        "transform"),
                Factfiles.task("report", "echo reported", "load", "audit"));
    }

    @Test
    void submitWatchTheGraphTurnGreenReadAFailedTasksOutputAndResume() {
        browser.get(http.base + "/ui/#/submit");
        browser.findElement(By.id("submit-path")).sendKeys(pipeline().toString());
        browser.findElement(By.id("submit-name")).sendKeys("nightly-etl");
        browser.findElement(By.id("submit-button")).click();

        // the page moves to the job; its graph fills in task by task
        wait.until(d -> d.getCurrentUrl().contains("#/jobs/"));
        awaitNode("extract", "RUNNING");
        awaitNode("transform", "WAITING");
        touch("g1");
        awaitNode("extract", "SUCCEEDED");
        awaitNode("audit", "SUCCEEDED");
        awaitNode("transform", "RUNNING");
        touch("g2");
        awaitNode("transform", "SUCCEEDED");
        awaitNode("load", "RUNNING");
        awaitNode("report", "WAITING");

        // a task's output streams while it runs
        browser.findElement(By.cssSelector(".dag .node[data-task='load']")).click();
        awaitText(By.id("output"), "loading row 2");
        awaitText(By.id("output-task"), "RUNNING");
        screenshot("dag-running.png");
        touch("g3");
        awaitNode("load", "FAILED");
        awaitText(By.id("output"), "error: target table is locked");
        awaitText(By.id("job-state"), "DONE");
        awaitText(By.id("job-outcome"), "FAILED");
        screenshot("task-output-failed.png");

        // fix the cause and resume from the page: the job ends green
        touch("fixed");
        wait.until(d -> d.findElement(By.id("job-resume")).isEnabled());
        browser.findElement(By.id("job-resume")).click();
        awaitNode("load", "SUCCEEDED");
        awaitNode("report", "SUCCEEDED");
        awaitText(By.id("job-outcome"), "SUCCEEDED");
        wait.until(d -> d.findElements(By.cssSelector("#runs-body tr")).size() == 2);

        // the job list, live
        Path quick = Factfiles.write(dir, "quick.factfile", "hourly-sync", Factfiles.task("sync", "echo synced"));
        for (String tag : new String[] {"a", "b", "c"}) {
            http.awaitDone(http.submit("hourly-sync", quick, "--tag", "batch," + tag));
        }
        Path slow = Factfiles.write(dir, "slow.factfile", "reindex", Factfiles.task("reindex", waitFor("g-never")));
        String running = http.submit("reindex", slow);
        browser.get(http.base + "/ui/#/");
        wait.until(d -> d.findElements(By.cssSelector("#jobs-body tr")).size() == 5);
        awaitText(By.cssSelector("#jobs-body tr[data-job='" + running + "']"), "WORKING");
        screenshot("job-list.png");
        http.post("/jobs/" + running + "/cancel", "");
        awaitText(By.cssSelector("#jobs-body tr[data-job='" + running + "']"), "DONE");

        // filters: by state (server side) and by name (on the page)
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-state"))).selectByVisibleText("DONE");
        browser.findElement(By.id("filter-name")).sendKeys("hourly");
        wait.until(d -> d.findElements(By.cssSelector("#jobs-body tr")).size() == 3);
    }

    @Test
    void createASchedulePauseItByKeyboardFollowItsFiresToTheirJobsAndDeleteIt() {
        String nightly = "{\"name\":\"nightly-etl\",\"cron\":\"30 2 * * *\",\"timeZone\":\"Europe/Berlin\","
                + "\"jobName\":\"nightly-etl\",\"factfilePath\":\"" + pipeline() + "\"}";
        assertThat(http.post("/schedules", nightly).status()).isEqualTo(200);
        Path report = Factfiles.write(dir, "report.factfile", "quick-report", Factfiles.task("report", "echo reported"));

        // create one from the page: every second, so that it fires while we look
        browser.get(http.base + "/ui/#/schedules");
        wait.until(d -> d.findElements(By.cssSelector("#schedules-body tr")).size() == 1);
        browser.findElement(By.cssSelector("#schedule-create-box summary")).click();
        browser.findElement(By.id("schedule-name")).sendKeys("quick-report");
        browser.findElement(By.id("schedule-cron")).sendKeys("* * * * * ?");
        browser.findElement(By.id("schedule-zone")).sendKeys("UTC");
        browser.findElement(By.id("schedule-path")).sendKeys(report.toString());
        browser.findElement(By.id("schedule-job")).sendKeys("quick-report");
        browser.findElement(By.id("schedule-create")).click();
        awaitText(By.id("schedules-message"), "Schedule quick-report created");

        // listed with its next fire, in its own zone
        By quick = By.cssSelector("#schedules-body tr[data-schedule='quick-report']");
        By berlin = By.cssSelector("#schedules-body tr[data-schedule='nightly-etl'] .next-fire");
        wait.until(d -> d.findElements(quick).size() == 1);
        assertThat(browser.findElement(quick).getText()).contains("* * * * * ?", "UTC", "active");
        assertThat(browser.findElement(berlin).getText()).matches("\\d{4}-\\d\\d-\\d\\d 02:30:00 GMT\\+[12] \\(in .+\\)");

        // its fires link to the jobs they made
        browser.findElement(By.linkText("quick-report")).click();
        wait.withMessage("a fire with its job").until(d -> !d.findElements(By.cssSelector("#fires-body td.r-submitted")).isEmpty());
        wait.until(d -> d.findElements(By.cssSelector("#schedule-next li")).size() == 5);
        screenshot("schedule-fires.png");
        WebElement jobLink = browser.findElement(By.cssSelector("#fires-body tr a"));
        String jobId = jobLink.getAttribute("title");
        jobLink.click();
        wait.until(d -> d.getCurrentUrl().endsWith("#/jobs/" + jobId));
        awaitText(By.id("job-title"), "quick-report");

        // pause from the list with the keyboard; the focus stays on the row across redraws
        browser.get(http.base + "/ui/#/schedules");
        wait.until(d -> d.findElements(quick).size() == 1);
        WebElement pause = browser.findElement(By.cssSelector("#schedules-body tr[data-schedule='quick-report'] button"));
        assertThat(pause.getText()).isEqualTo("Pause");
        pause.sendKeys(Keys.ENTER);
        awaitText(quick, "paused");
        awaitText(By.id("schedules-message"), "Schedule quick-report paused");
        // the row was redrawn with a Resume button: the focus is on it, not lost to the page
        assertThat(browser.switchTo().activeElement().getAttribute("aria-label")).isEqualTo("Resume schedule quick-report");
        By quickNext = By.cssSelector("#schedules-body tr[data-schedule='quick-report'] .next-fire");
        String before = browser.findElement(quickNext).getText();
        wait.withMessage("the next poll").until(d -> !d.findElement(quickNext).getText().equals(before));
        assertThat(browser.switchTo().activeElement().getAttribute("aria-label")).isEqualTo("Resume schedule quick-report");
        assertThat(http.get("/schedules/quick-report").json().getAsJsonObject().get("paused").getAsBoolean()).isTrue();
        screenshot("schedules.png");

        // a definition the server refuses keeps what was typed, with the reason
        browser.findElement(By.id("schedule-name")).sendKeys("broken");
        browser.findElement(By.id("schedule-cron")).sendKeys("99 * * * *");
        browser.findElement(By.id("schedule-path")).sendKeys(report.toString());
        browser.findElement(By.id("schedule-job")).sendKeys("broken");
        browser.findElement(By.id("schedule-create")).click();
        awaitText(By.id("schedules-message"), "Validation Error: field 'cron'");
        assertThat(browser.findElement(By.id("schedule-cron")).getAttribute("value")).isEqualTo("99 * * * *");

        // delete asks first
        browser.findElement(By.cssSelector("#schedules-body tr[data-schedule='quick-report'] button.danger")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElements(quick).isEmpty());
        assertThat(http.get("/schedules/quick-report").status()).isEqualTo(404);
        http.awaitDone(jobId);
    }

    @Test
    void aThousandTaskGraphIsDrawnAndFollowedLive() {
        // 20 layers of 50 tasks, each depending on two tasks of the layer before
        List<Factfiles.Task> tasks = new java.util.ArrayList<>();
        for (int layer = 0; layer < 20; layer++) {
            for (int i = 0; i < 50; i++) {
                String name = "t" + layer + "_" + i;
                tasks.add(layer == 0 ? Factfiles.task(name, "true")
                        : Factfiles.task(name, "true", "t" + (layer - 1) + "_" + i, "t" + (layer - 1) + "_" + ((i + 1) % 50)));
            }
        }
        Path big = Factfiles.write(dir, "big.factfile", "big", tasks.toArray(new Factfiles.Task[0]));
        String id = http.submit("big", big);
        long start = System.nanoTime();
        browser.get(http.base + "/ui/#/jobs/" + id);
        wait.until(d -> d.findElements(By.cssSelector(".dag .node")).size() == 1000);
        long drawn = System.nanoTime();
        assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
        wait.until(d -> (Long) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return document.querySelectorAll('.dag .node.s-SUCCEEDED').length") == 1000L);
        long green = System.nanoTime();
        // still responsive: selecting a task answers at once
        browser.findElement(By.cssSelector(".dag .node[data-task='t19_49']")).click();
        awaitText(By.id("output-task"), "t19_49 (SUCCEEDED)");
        System.out.printf("1000-task graph: drawn %d ms after opening the page; all green %d ms after that%n",
                (drawn - start) / 1_000_000, (green - drawn) / 1_000_000);
    }

    @Test
    void cancelARunningJobFromItsPage() {
        Path slow = Factfiles.write(dir, "slow.factfile", "slow", Factfiles.task("wait", "echo waiting; " + waitFor("never")));
        String id = http.submit("slow", slow);
        browser.get(http.base + "/ui/#/jobs/" + id);
        awaitNode("wait", "RUNNING");
        assertThat(browser.findElement(By.id("job-resume")).isEnabled()).isFalse();
        browser.findElement(By.id("job-cancel")).click();
        awaitText(By.id("job-message"), "CANCELLING JOB REQ");
        awaitText(By.id("job-state"), "DONE");
        awaitText(By.id("job-outcome"), "CANCELLED");
        assertThat(http.awaitDone(id)).isEqualTo("FAILED");
    }

    @Test
    void theTokenIsAskedForAndUsedForEveryCallAndStream() {
        http.close();
        http = new TestServer(config().toBuilder().apiToken(Optional.of("dashboard-token-123")).build());
        String id = http.withToken("dashboard-token-123").submit("echo", Factfiles.write(dir, "e.factfile", "echo",
                Factfiles.task("say", "echo hello")));
        http.awaitDone(id);
        browser.get(http.base + "/ui/");
        wait.until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
        browser.findElement(By.id("token-input")).sendKeys("wrong");
        browser.findElement(By.id("token-save")).click();
        awaitText(By.id("token-reason"), "refused");
        WebElement input = browser.findElement(By.id("token-input"));
        input.clear();
        input.sendKeys("dashboard-token-123");
        browser.findElement(By.id("token-save")).click();
        wait.until(d -> d.findElements(By.cssSelector("#jobs-body tr[data-job='" + id + "']")).size() == 1);
        // the job page's stream carries the token too: the output arrives
        browser.findElement(By.cssSelector("#jobs-body tr[data-job='" + id + "'] a")).click();
        awaitNode("say", "SUCCEEDED");
        browser.findElement(By.cssSelector(".dag .node[data-task='say']")).click();
        awaitText(By.id("output"), "hello");
    }

    @Test
    void theApiDocsRenderAndTryAnEndpointFromThePage() {
        browser.get(http.base + "/docs/");
        wait.until(d -> d.findElements(By.cssSelector(".opblock")).size() >= 10);
        WebElement status = browser.findElement(By.cssSelector("#operations-default-get_status .opblock-summary-control"));
        status.click();
        // the page opens every operation ready to try (tryItOutEnabled): Execute is there at once
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        wait.withMessage("the Execute button").until(d -> !d.findElements(By.cssSelector("#operations-default-get_status button.execute")).isEmpty());
        js.executeScript("arguments[0].click()", browser.findElement(By.cssSelector("#operations-default-get_status button.execute")));
        wait.withMessage("the live response").until(d -> d.findElements(By.cssSelector("#operations-default-get_status .live-responses-table"))
                .stream().anyMatch(e -> e.getText().contains("dispatcher")));
    }
}
