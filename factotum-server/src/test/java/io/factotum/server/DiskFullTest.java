package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 7: the RocksDB data directory on a 2 MB tmpfs that fills up while a job runs.
 * Submissions get 503 and nothing is half accepted; readiness says DOWN while writes fail; the job
 * that ends meanwhile keeps its result and is not run again, and its webhook events wait in memory;
 * once space is freed the store takes writes again without a restart, every accepted job ends DONE
 * and every webhook event is delivered once.
 */
class DiskFullTest {
    @TempDir
    Path dir;
    @TempDir
    Path mounts;

    @Test
    void aFullDiskIsReportedAndOutlivedWithoutARestart() throws IOException {
        Path ff = Factfiles.write(dir, "gated.factfile", "gated", Factfiles.task("only",
                "echo started >> '" + dir.resolve("only.started") + "'; while [ ! -f '" + dir.resolve("gate")
                        + "' ]; do sleep 0.02; done; echo ended >> '" + dir.resolve("only.ended") + "'"));
        try (SmallTmpfs disk = SmallTmpfs.mount(mounts.resolve("disk"), "2m");
                CapturedLogs logs = new CapturedLogs();
                WebhookFaultsTest.Receiver receiver = new WebhookFaultsTest.Receiver(n -> 200, false)) {
            ServerConfig config = TestServer.config(dir).toBuilder().store(ServerConfig.StoreKind.ROCKSDB)
                    .dataDir(disk.path().resolve("data")).webhook(receiver.url()).build();
            try (TestServer http = new TestServer(config)) {
                String first = http.submit("gated", ff);
                TestServer.await("first task running", () -> Factfiles.startedCount(dir, "only") == 1);

                Path ballast = disk.fill();
                // A few small writes may still fit in the last page the WAL holds: submit until refused.
                List<String> accepted = new ArrayList<>(List.of(first));
                TestServer.Answer refused = null;
                for (int i = 0; i < 100 && refused == null; i++) {
                    TestServer.Answer a = http.post("/submit",
                            TestServer.submitBody("gated", ff.toString(), "--tag", "n," + i));
                    if (a.status() == 200) {
                        accepted.add(a.message().substring(a.message().indexOf('[') + 1, a.message().indexOf(']')));
                    } else {
                        refused = a;
                    }
                }
                assertThat(refused).as("a submission refused on the full disk").isNotNull();
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.message()).startsWith("Store unavailable - ").contains("No space left");
                TestServer.Answer ready = http.get("/health/ready");
                assertThat(ready.status()).as(ready.body()).isEqualTo(503);
                assertThat(ready.json().getAsJsonObject().get("status").getAsString()).isEqualTo("DOWN");

                // The running job ends while nothing can be written: its result must wait, not be lost.
                Factfiles.openGate(dir);
                TestServer.await("the worker meets the full disk", () -> logs.contains("Job " + first + ": cannot store")
                        || logs.contains("Job " + first + " stopped: the store failed"));
                assertThat(http.get("/health/ready").status()).isEqualTo(503);

                Files.delete(ballast);
                TestServer.await("ready again after space was freed", () -> http.get("/health/ready").status() == 200);
                String after = http.submit("gated", ff, "--tag", "after,1");
                accepted.add(after);
                for (String id : accepted) {
                    String outcome;
                    try {
                        outcome = http.awaitDone(id);
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "; logs: " + logs.lines(), e);
                    }
                    assertThat(outcome).as("job %s; logs: %s", id, logs.lines()).isEqualTo("SUCCEEDED");
                }
                // every accepted job ran exactly once, none twice
                assertThat(Factfiles.startedCount(dir, "only")).as(logs.lines().toString()).isEqualTo(accepted.size());
                // every webhook event of every job delivered once: none lost to the full disk
                TestServer.await("webhook outbox empty", () -> http.server.storage().outbox().peek(10).isEmpty());
                assertThat(receiver.eventKeys()).as(logs.lines().toString())
                        .hasSize(WebhookFaultsTest.EVENTS.size() * accepted.size()).doesNotHaveDuplicates();
                // the refused submission left nothing behind: the store holds exactly the accepted jobs
                assertThat(http.get("/jobs?limit=1000").json().getAsJsonObject().getAsJsonArray("jobs"))
                        .hasSize(accepted.size());
                TestServer.await("no worker busy", () -> http.get("/status").json().getAsJsonObject()
                        .getAsJsonObject("dispatcher").getAsJsonObject("workers").get("active").getAsInt() == 0);
            }
        }
    }
}
