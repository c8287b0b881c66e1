package io.activationhub.social;

import io.activationhub.HubTestFiles;
import io.activationhub.feed.FeedRun;
import io.activationhub.mock.GraphItem;
import io.activationhub.mock.MockPartners;
import io.activationhub.weather.WeatherPull;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Social networks and weather against the mock partners: incremental polls, rate limits, failures, webhooks. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/social",
        "hub.routes-dir=target/test-hubs/social/routes",
        "hub.audiences-dir=target/test-hubs/social/audiences",
        "hub.social.enabled=true",
        "hub.social.poll-interval-ms=3600000",
        "hub.social.graph.base-url=${hub.mock-partners.url}/graph",
        "hub.social.graph.object-id=1784",
        "hub.social.graph.access-token=mock-graph-token",
        "hub.social.graph.app-secret=graph-app-secret",
        "hub.social.graph.verify-token=graph-verify",
        "hub.social.x.base-url=${hub.mock-partners.url}/x",
        "hub.social.x.user-id=2244",
        "hub.social.x.bearer-token=mock-x-bearer",
        "hub.weather.enabled=true",
        "hub.weather.pull-interval-ms=3600000",
        "hub.weather.base-url=${hub.mock-partners.url}/weather"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocialAndWeatherTest {

    @BeforeAll
    static void freshHome() {
        HubTestFiles.freshHome("social");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MockPartners partners;
    @Autowired
    SocialPolling polling;
    @Autowired
    WeatherPull weather;
    @LocalServerPort
    int port;

    private String graphUrl() {
        return partners.baseUrl() + "/graph";
    }

    private String xUrl() {
        return partners.baseUrl() + "/x";
    }

    @Test
    @Order(1)
    void theRoutesPollEachSourceOnceAtStartAndStoreWhatTheyRead() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select source_name || ':' || status from feed_run where feed_id in ('social-graph', 'social-x') order by source_name",
                String.class)).containsExactly("graph:1784:comments:SUCCEEDED", "graph:1784:mentions:SUCCEEDED", "x:2244:SUCCEEDED"));
        assertThat(jdbc.queryForObject("select count(*) from social_engagement where platform = 'graph' and kind = 'mention'",
                Long.class)).isEqualTo(7);
        assertThat(jdbc.queryForObject("select count(*) from social_engagement where platform = 'x'", Long.class)).isEqualTo(12);
        assertThat(jdbc.queryForObject("select read_count from feed_run where source_name = 'x:2244'", Long.class)).isEqualTo(12);
    }

    @Test
    @Order(2)
    void aNewPollStoresOnlyWhatIsNewAndLinksKnownHandles() {
        long customer = jdbc.queryForObject("insert into customer (first_name) values ('Anna') returning id", Long.class);
        jdbc.update("insert into customer_identity (source, source_key, customer_id, link_rule) values ('graph', 'anna.fan', ?, 'test')",
                customer);
        partners.graph().add("1784", "mentions", new GraphItem("new-1", Instant.now(), "I love this brand", "anna.fan", "u-anna", 4));
        FeedRun graph = polling.pollGraph(graphUrl(), "v21.0", "1784", "mentions", 50);
        assertThat(graph.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(graph.accepted()).isEqualTo(1);
        assertThat(graph.countsAddUp()).isTrue();
        assertThat(jdbc.queryForObject("select customer_id from social_engagement where item_id = 'new-1'", Long.class))
                .isEqualTo(customer);

        partners.x().add("2244", "@brand trop bien", "777");
        FeedRun x = polling.pollX(xUrl(), "2244", 100);
        assertThat(x.read()).as("since_id: only the new mention is read").isEqualTo(1);
        assertThat(x.accepted()).isEqualTo(1);
        FeedRun nothing = polling.pollX(xUrl(), "2244", 100);
        assertThat(nothing.read()).isZero();
    }

    @Test
    @Order(3)
    void aRateLimitStopsThePollAndItResumesAfterRetryAfter() {
        partners.x().add("2244", "@brand encore", "778");
        partners.behaviour("x").rateLimit(429, 2, 1);
        FeedRun limited = polling.pollX(xUrl(), "2244", 100);
        assertThat(limited.status()).isEqualTo(FeedRun.RATE_LIMITED);
        assertThat(limited.error()).contains("resumes after");
        assertThat(polling.pollX(xUrl(), "2244", 100)).as("paused until Retry-After").isNull();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            FeedRun r = polling.pollX(xUrl(), "2244", 100);
            return r != null && r.status().equals(FeedRun.SUCCEEDED) && r.accepted() == 1;
        });
    }

    @Test
    @Order(4)
    void aPartnerFailureFailsTheRunWithoutMovingTheWatermark() {
        partners.graph().add("1784", "comments", new GraphItem("c-new", Instant.now(), "Commande en retard", "bob", "u-bob", 0));
        partners.behaviour("graph").failWith(503, 1);
        FeedRun failed = polling.pollGraph(graphUrl(), "v21.0", "1784", "comments", 50);
        assertThat(failed.status()).isEqualTo(FeedRun.FAILED);
        assertThat(failed.error()).contains("503");
        FeedRun again = polling.pollGraph(graphUrl(), "v21.0", "1784", "comments", 50);
        assertThat(again.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(again.accepted()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void signedWebhookNotificationsAreStoredAndUnsignedOnesRefused() throws Exception {
        byte[] body = """
                {"object":"instagram","entry":[{"id":"1784","time":1763633700,"changes":[
                  {"field":"comments","value":{"id":"wh-1","text":"Super","from":{"id":"u9","username":"zoe"}}}]}]}"""
                .getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/graph"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(client.send(req.copy().header("X-Hub-Signature-256", "sha256=00").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        assertThat(client.send(req.copy().header("X-Hub-Signature-256", WebhookSignature.sign("graph-app-secret", body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select kind from social_engagement where item_id = 'wh-1'", String.class))
                .isEqualTo("comment");
    }

    @Test
    @Order(6)
    void forecastsArePulledForThePlacesWhereCustomersLiveAndUncoveredDepartmentsAreNamed() {
        jdbc.update("insert into customer (first_name, postcode, city) values ('Nina', '06000', 'NICE'), "
                + "('Paul', '75011', 'PARIS'), ('Remi', '97400', 'SAINT DENIS')");
        LocalDate saturday = LocalDate.now().plusDays(5);
        partners.weather().override(43.7102, 7.2620, saturday, "temperature_2m_max", 40.0);
        FeedRun run = weather.pull(partners.baseUrl() + "/weather", 7);
        assertThat(run.status()).isEqualTo(FeedRun.SUCCEEDED);
        assertThat(run.accepted()).isEqualTo(2);
        assertThat(run.error()).contains("no forecast place for departments [97]");
        assertThat(jdbc.queryForObject("select temperature_max from weather_forecast where place = 'NICE' and forecast_date = ?",
                BigDecimal.class, java.sql.Date.valueOf(saturday))).isEqualByComparingTo("40.0");
        assertThat(jdbc.queryForObject("select count(distinct forecast_date) from weather_forecast where place = 'PARIS'",
                Long.class)).isEqualTo(7);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.boot.test.web.client.TestRestTemplate http;

    private org.springframework.http.ResponseEntity<java.util.Map> attach(long customer, String user, String password,
                                                                          java.util.Map<String, String> body) {
        return http.withBasicAuth(user, password).postForEntity("/api/customers/" + customer + "/identities", body,
                java.util.Map.class);
    }

    @Test
    @Order(7)
    void aHandleThePersonGaveBecomesAnIdentityAndLinksWhatTheyPostedBeforeAndAfter() {
        String handle = jdbc.queryForObject("select author_handle from social_engagement where platform = 'graph' "
                + "and customer_id is null and author_handle is not null order by item_id limit 1", String.class);
        long posts = jdbc.queryForObject("select count(*) from social_engagement where platform = 'graph' "
                + "and lower(author_handle) = lower(?)", Long.class, handle);
        long claire = jdbc.queryForObject("insert into customer (first_name) values ('Claire') returning id", Long.class);
        long other = jdbc.queryForObject("insert into customer (first_name) values ('Zoé') returning id", Long.class);

        var attached = attach(claire, "integrator", "test-integrator", java.util.Map.of("source", "graph",
                "key", "@" + handle.toUpperCase(java.util.Locale.ROOT), "evidence", "given at the till, store S01"));
        assertThat(attached.getStatusCode().value()).isEqualTo(200);
        assertThat(attached.getBody()).containsEntry("sourceKey", handle.toLowerCase(java.util.Locale.ROOT))
                .containsEntry("alreadyAttached", false).containsEntry("engagementsLinked", (int) posts);
        assertThat(jdbc.queryForObject("select count(*) from social_engagement where customer_id = ?", Long.class, claire))
                .isEqualTo(posts);
        assertThat(jdbc.queryForObject("select link_rule from customer_identity where source = 'graph' and customer_id = ?",
                String.class, claire)).isEqualTo("declared: given at the till, store S01");
        // again: nothing changes; for someone else: refused, never moved
        assertThat(attach(claire, "admin", "test-admin", java.util.Map.of("source", "graph", "key", handle,
                "evidence", "call centre")).getBody()).containsEntry("alreadyAttached", true);
        assertThat(attach(other, "admin", "test-admin", java.util.Map.of("source", "graph", "key", handle,
                "evidence", "call centre")).getStatusCode().value()).isEqualTo(409);
        assertThat(attach(other, "admin", "test-admin", java.util.Map.of("source", "myspace", "key", "zoe",
                "evidence", "x")).getStatusCode().value()).isEqualTo(400);
        assertThat(attach(other, "admin", "test-admin", java.util.Map.of("source", "x", "key", "zoé !",
                "evidence", "x")).getStatusCode().value()).isEqualTo(400);
        assertThat(attach(other, "admin", "test-admin", java.util.Map.of("source", "x", "key", "zoe")).getStatusCode()
                .value()).as("evidence required").isEqualTo(400);
        assertThat(attach(999_999, "admin", "test-admin", java.util.Map.of("source", "x", "key", "zoe",
                "evidence", "x")).getStatusCode().value()).isEqualTo(404);
        assertThat(attach(other, "viewer", "test-viewer", java.util.Map.of("source", "x", "key", "zoe",
                "evidence", "x")).getStatusCode().value()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'identity-attach'", Long.class))
                .isEqualTo(2);

        // what the handle posts later is linked as it is stored
        partners.graph().add("1784", "mentions", new GraphItem("later-1", Instant.now(), "encore merci", handle, "u-later", 1));
        polling.pollGraph(graphUrl(), "v21.0", "1784", "mentions", 50);
        assertThat(jdbc.queryForObject("select customer_id from social_engagement where item_id = 'later-1'", Long.class))
                .isEqualTo(claire);
    }
}
