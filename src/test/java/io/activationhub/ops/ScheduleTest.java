package io.activationhub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Feed and audience schedules: read, changed, paused, resumed, run now, refused, audited, kept in PostgreSQL. */
@CamelSpringBootTest
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/ops",
        "hub.routes-dir=target/test-hubs/ops/routes",
        "hub.audiences-dir=target/test-hubs/ops/audiences"})
@ActiveProfiles("test")
class ScheduleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path home;

    @BeforeAll
    static void freshHome() {
        home = OpsHub.prepare();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private JsonNode json(OpsHub.Reply reply) throws Exception {
        return JSON.readTree(reply.body());
    }

    @Test
    void everyFeedWithASourceAndEveryAudienceHasASchedule() throws Exception {
        OpsHub.Reply reply = OpsHub.call(port, "GET", "/api/schedules", "viewer", "test-viewer", null);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode all = json(reply);
        List<String> ids = all.findValuesAsText("id");
        assertThat(ids).contains("pos", "loyalty", "pnd", "weather", "social-x", "welcome-loyalty-members");
        for (JsonNode s : all) {
            if (s.get("id").asText().equals("welcome-loyalty-members")) {
                assertThat(s.get("kind").asText()).isEqualTo("audience");
                assertThat(s.get("paused").asBoolean()).as("audiences start paused").isTrue();
            }
            if (s.get("id").asText().equals("pos")) {
                assertThat(s.get("cron").asText()).isNotBlank();
                assertThat(s.get("nextFireAt").isNull()).isFalse();
            }
        }
        assertThat(OpsHub.call(port, "GET", "/api/feeds/web-events/schedule", "viewer", "test-viewer", null).status())
                .as("a streamed feed has no schedule").isEqualTo(404);
    }

    @Autowired
    org.quartz.Scheduler scheduler;
    @Autowired
    io.activationhub.routes.RouteFiles routeFiles;

    @Test
    void schedulesStartOnlyOnceTheRouteFilesAreLoaded() throws Exception {
        // a feed's firing missed while the hub was down runs at start: it must find the feed's routes there
        assertThat(scheduler.isStarted()).isTrue();
        java.time.Instant firstLoaded = routeFiles.files().stream()
                .map(io.activationhub.routes.RouteFiles.FileStatus::loadedAt).filter(java.util.Objects::nonNull)
                .min(java.util.Comparator.naturalOrder()).orElseThrow();
        assertThat(scheduler.getMetaData().getRunningSince().toInstant()).isAfterOrEqualTo(firstLoaded);
    }

    @Test
    void adminsChangePauseAndResumeAndTheScheduleIsKeptInPostgres() throws Exception {
        OpsHub.Reply bad = OpsHub.admin(port, "PUT", "/api/feeds/loyalty/schedule", "{\"cron\":\"every day at noon\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("message").asText()).contains("invalid cron 'every day at noon'").contains("6 or 7 fields");
        assertThat(OpsHub.admin(port, "PUT", "/api/feeds/loyalty/schedule", "{\"cron\":\"0 0 25 * * ?\"}").status())
                .isEqualTo(400);
        assertThat(OpsHub.call(port, "PUT", "/api/feeds/loyalty/schedule", "viewer", "test-viewer",
                "{\"cron\":\"0 0/5 * * * ?\"}").status()).isEqualTo(403);
        assertThat(OpsHub.call(port, "PUT", "/api/feeds/loyalty/schedule", "integrator", "test-integrator",
                "{\"cron\":\"0 0/5 * * * ?\"}").status()).isEqualTo(403);
        assertThat(OpsHub.call(port, "POST", "/api/feeds/loyalty/schedule/pause", "viewer", "test-viewer", null).status())
                .isEqualTo(403);

        OpsHub.Reply changed = OpsHub.admin(port, "PUT", "/api/feeds/loyalty/schedule", "{\"cron\":\"0 0/5 * * * ?\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(json(changed).get("cron").asText()).isEqualTo("0 0/5 * * * ?");
        assertThat(cronInDatabase("feed", "loyalty")).isEqualTo("0 0/5 * * * ?");

        assertThat(json(OpsHub.admin(port, "POST", "/api/feeds/loyalty/schedule/pause", null)).get("paused").asBoolean()).isTrue();
        assertThat(stateInDatabase("feed", "loyalty")).isEqualTo("PAUSED");
        // a paused schedule stays paused when its cron changes
        assertThat(json(OpsHub.admin(port, "PUT", "/api/feeds/loyalty/schedule", "{\"cron\":\"0 15 4 * * ?\"}"))
                .get("paused").asBoolean()).isTrue();
        assertThat(cronInDatabase("feed", "loyalty")).isEqualTo("0 15 4 * * ?");
        JsonNode resumed = json(OpsHub.admin(port, "POST", "/api/feeds/loyalty/schedule/resume", null));
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat(resumed.get("nextFireAt").asText()).contains("T04:15");
        assertThat(stateInDatabase("feed", "loyalty")).isEqualTo("WAITING");

        List<Map<String, Object>> audit = jdbc.queryForList(
                "select actor, action from audit_event where subject = 'feed:loyalty' order by id");
        assertThat(audit).extracting(r -> r.get("actor") + " " + r.get("action")).containsSubsequence(
                "admin schedule.change", "admin schedule.pause", "admin schedule.change", "admin schedule.resume");
        // the scheduler instance of this hub checks in to the cluster table
        assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state where sched_name = 'hub-schedules'",
                Integer.class)).isPositive();
    }

    @Test
    void runNowSweepsTheFeedsInboxAtOnce() throws Exception {
        Path inbox = home.resolve(OpsHub.SLOW_INBOX);
        // the slow source looked at its empty folder when it started, and looks again in an hour
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from qrtz_job_details where job_group = 'feed' and job_name = 'pos'", Integer.class) == 1);
        Thread.sleep(2500);
        Files.writeString(inbox.resolve("scheduled-run.csv"), """
                store_id;ticket_id;ticket_ts;card_number;line_no;sku;category;quantity;unit_price;discount;channel
                S90;T-SCHED-1;2026-11-20T10:00:00;;1;SKU-9;robes;1;10.00;0;store
                """, StandardCharsets.UTF_8);
        Thread.sleep(1500);
        assertThat(sourceRuns("scheduled-run.csv")).as("not swept before run-now").isZero();

        assertThat(OpsHub.call(port, "POST", "/api/feeds/pos/run", "integrator", "test-integrator", null).status())
                .isEqualTo(403);
        OpsHub.Reply run = OpsHub.admin(port, "POST", "/api/feeds/pos/run", null);
        assertThat(run.status()).isEqualTo(202);
        assertThat(json(run).get("triggered").asBoolean()).isTrue();
        // the run's row is there from its start (RUNNING): wait for its end
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from feed_run where source_name = 'scheduled-run.csv' and status <> 'RUNNING'", Integer.class) == 1);
        assertThat(sourceRuns("scheduled-run.csv")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select status from feed_run where source_name = 'scheduled-run.csv'", String.class))
                .isEqualTo("SUCCEEDED");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where subject = 'feed:pos' and action = 'schedule.run-now'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void runNowActivatesAnAudienceEvenWhenItsSchedulePaused() throws Exception {
        assertThat(OpsHub.admin(port, "PUT", "/api/audiences/welcome-loyalty-members/schedule", "{\"cron\":\"0 0 7 ? * MON\"}")
                .status()).isEqualTo(200);
        assertThat(OpsHub.admin(port, "POST", "/api/audiences/welcome-loyalty-members/run", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from activation where audience_id = 'welcome-loyalty-members' and trigger = 'manual'",
                Integer.class) >= 1);
        assertThat(OpsHub.admin(port, "POST", "/api/audiences/no-such-audience/run", null).status()).isEqualTo(404);
    }

    private int sourceRuns(String name) {
        return jdbc.queryForObject("select count(*) from feed_run where source_name = ?", Integer.class, name);
    }

    private String cronInDatabase(String group, String name) {
        return jdbc.queryForObject("""
                select cron_expression from qrtz_cron_triggers
                where sched_name = 'hub-schedules' and trigger_group = ? and trigger_name = ?""", String.class, group, name);
    }

    private String stateInDatabase(String group, String name) {
        return jdbc.queryForObject("""
                select trigger_state from qrtz_triggers
                where sched_name = 'hub-schedules' and trigger_group = ? and trigger_name = ?""", String.class, group, name);
    }
}
