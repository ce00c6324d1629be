package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /schedules} over real HTTP on an in-memory server: CRUD, refusals, and real fires. */
class SchedulesApiTest extends RunningServerTest {
    private String body(String name, String cron, String extra) {
        return "{\"name\":\"" + name + "\",\"cron\":\"" + cron + "\",\"jobName\":\"scheduled echo\",\"factfilePath\":\""
                + TestServer.factfile("echo.factfile") + "\"" + extra + "}";
    }

    private TestServer.Answer delete(String path) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base + path)).DELETE());
    }

    @Test
    void aScheduleIsCreatedListedReadPausedResumedAndDeleted() {
        TestServer.Answer created = http.post("/schedules", body("nightly", "30 2 * * *", ""));
        assertThat(created.status()).isEqualTo(200);
        JsonObject s = created.json().getAsJsonObject();
        assertThat(s.get("timeZone").getAsString()).isEqualTo(ZoneId.systemDefault().getId());
        assertThat(s.get("overlap").getAsString()).isEqualTo("skip");
        assertThat(s.get("misfire").getAsString()).isEqualTo("once");
        assertThat(s.get("paused").getAsBoolean()).isFalse();

        TestServer.Answer again = http.post("/schedules", body("nightly", "0 3 * * *", ""));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).isEqualTo("Schedule 'nightly' exists already");

        TestServer.Answer adelaide = http.post("/schedules", body("adelaide", "0 30 2 * * ?", ",\"timeZone\":\"Australia/Adelaide\",\"overlap\":\"queue\","
                + "\"misfire\":\"catch-up:3\",\"factfileArgs\":[\"--tag\",\"team,data\"]"));
        assertThat(adelaide.status()).as(adelaide.body()).isEqualTo(200);
        JsonArray all = http.get("/schedules").json().getAsJsonObject().getAsJsonArray("schedules");
        assertThat(names(all)).containsExactly("adelaide", "nightly");

        JsonObject detail = http.get("/schedules/adelaide").json().getAsJsonObject();
        assertThat(detail.get("cron").getAsString()).isEqualTo("0 30 2 * * ?");
        assertThat(detail.get("misfire").getAsString()).isEqualTo("catch-up:3");
        assertThat(detail.getAsJsonArray("nextFireTimes")).hasSize(5);
        assertThat(detail.getAsJsonArray("recentFires")).isEmpty();

        assertThat(http.post("/schedules/nightly/pause", "").json().getAsJsonObject().get("paused").getAsBoolean()).isTrue();
        assertThat(http.get("/schedules/nightly").json().getAsJsonObject().get("paused").getAsBoolean()).isTrue();
        assertThat(http.post("/schedules/nightly/resume", "").json().getAsJsonObject().get("paused").getAsBoolean()).isFalse();

        assertThat(delete("/schedules/nightly").message()).isEqualTo("Schedule 'nightly' deleted");
        assertThat(http.get("/schedules/nightly").status()).isEqualTo(404);
        assertThat(delete("/schedules/nightly").status()).isEqualTo(404);
        assertThat(http.post("/schedules/nightly/pause", "").status()).isEqualTo(404);
    }

    @Test
    void badDefinitionsAreRefusedWithTheirReasonAndNothingIsStored() {
        assertRefused(body("a", "* * * *", ""), "Validation Error: field 'cron' must have 5 fields");
        assertRefused(body("a", "99 * * * *", ""), "Validation Error: field 'cron' is not a valid Unix cron expression");
        assertRefused(body("a", "* * * * *", ",\"timeZone\":\"Mars/Olympus\""), "Validation Error: field 'timeZone'");
        assertRefused(body("a", "* * * * *", ",\"overlap\":\"sometimes\""), "Validation Error: field 'overlap'");
        assertRefused(body("a", "* * * * *", ",\"misfire\":\"catch-up:0\""), "Validation Error: field 'misfire'");
        assertRefused(body("../etc", "* * * * *", ""), "Validation Error: field 'name'");
        assertRefused(body("a", "* * * * *", ",\"factfileArgs\":[\"--nope\"]"), "Validation Error: Error parsing factfile args");
        assertRefused("{\"name\":\"a\",\"cron\":\"* * * * *\",\"jobName\":\"j\",\"factfilePath\":\"/etc/passwd\"}",
                "Validation Error: Value is outside every factfile root");
        assertRefused("{\"name\":\"a\",\"cron\":\"* * * * *\",\"jobName\":\"j\"}", "Error decoding JSON string");
        assertThat(http.get("/schedules/..%2Fx").status()).isEqualTo(404);

        assertThat(http.get("/schedules").json().getAsJsonObject().getAsJsonArray("schedules")).isEmpty();
    }

    @Test
    void theNumberOfSchedulesIsBounded() {
        for (int i = 0; i < ScheduleService.MAX_SCHEDULES; i++) {
            assertThat(http.post("/schedules", body("s" + i, "0 3 * * *", "")).status()).isEqualTo(200);
        }

        assertRefused(body("one-more", "0 3 * * *", ""), "Validation Error: at most 1000 schedules");
        assertThat(delete("/schedules/s0").status()).isEqualTo(200);
        assertThat(http.post("/schedules", body("one-more", "0 3 * * *", "")).status()).isEqualTo(200);
    }

    private void assertRefused(String body, String messageStart) {
        TestServer.Answer a = http.post("/schedules", body);
        assertThat(a.status()).as(body).isEqualTo(400);
        assertThat(a.message()).as(body).startsWith(messageStart);
    }

    @Test
    void aScheduleFiresRealJobsCarryingTheirFireTime() {
        assertThat(http.post("/schedules", body("every-second", "* * * * * ?", ",\"timeZone\":\"UTC\"")).status())
                .isEqualTo(200);

        List<String> jobIds = new ArrayList<>();
        http.await("a submitted fire", () -> {
            for (JsonElement f : http.get("/schedules/every-second").json().getAsJsonObject().getAsJsonArray("recentFires")) {
                JsonObject fire = f.getAsJsonObject();
                if (fire.get("result").getAsString().equals("submitted")) {
                    jobIds.add(fire.get("jobId").getAsString());
                    return true;
                }
            }
            return false;
        });
        assertThat(delete("/schedules/every-second").status()).isEqualTo(200);

        JsonObject job = http.get("/check?id=" + jobIds.get(0)).json().getAsJsonObject();
        JsonArray args = job.getAsJsonObject("jobRequest").getAsJsonArray("factfileArgs");
        assertThat(args.get(1).getAsString()).isEqualTo("schedule,every-second");
        assertThat(args.get(3).getAsString()).matches("scheduled_time,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        http.awaitDone(jobIds.get(0));
    }

    private static List<String> names(JsonArray schedules) {
        List<String> out = new ArrayList<>();
        schedules.forEach(s -> out.add(s.getAsJsonObject().get("name").getAsString()));
        return out;
    }
}
