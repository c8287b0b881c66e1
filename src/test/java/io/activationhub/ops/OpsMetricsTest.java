package io.activationhub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.EndToEndTest;
import io.activationhub.HubTestFiles;
import io.activationhub.infra.KafkaLagMetrics;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub's series at /actuator/prometheus after an ingestion and an activation, and the OpenAPI document. */
@CamelSpringBootTest
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/ops",
        "hub.routes-dir=target/test-hubs/ops/routes",
        "hub.audiences-dir=target/test-hubs/ops/audiences"})
@ActiveProfiles("test")
class OpsMetricsTest {

    private static Path home;

    @BeforeAll
    static void freshHome() {
        home = OpsHub.prepare();
    }

    @LocalServerPort
    int port;
    @Autowired
    KafkaLagMetrics kafkaLag;

    private String scrape() throws Exception {
        OpsHub.Reply reply = OpsHub.call(port, "GET", "/actuator/prometheus", "viewer", "test-viewer", null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    private static boolean hasPositive(String scrape, String series) {
        return Pattern.compile("(?m)^" + series + " ([0-9.E]+)$").matcher(scrape).results()
                .anyMatch(m -> Double.parseDouble(m.group(1)) > 0);
    }

    @Test
    void feedRowsPushesAndConsumerLagAreExposed() throws Exception {
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "metrics-members.csv", EndToEndTest.LOYALTY);
        HubTestFiles.drop(home.resolve("inbox/pos"), "metrics-tickets.csv", EndToEndTest.POS);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String s = scrape();
            return hasPositive(s, "hub_feed_rows_total\\{count=\"read\",feed=\"pos\"\\}")
                    && hasPositive(s, "hub_feed_rows_total\\{count=\"accepted\",feed=\"pos\"\\}")
                    && hasPositive(s, "hub_feed_rows_total\\{count=\"rejected\",feed=\"pos\"\\}")
                    && hasPositive(s, "hub_feed_rows_total\\{count=\"duplicate\",feed=\"pos\"\\}")
                    && hasPositive(s, "hub_feed_rows_total\\{count=\"accepted\",feed=\"loyalty\"\\}");
        });
        // loyalty members with an email consent get the welcome email: the SMTP partner accepted them
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                hasPositive(scrape(), "hub_pushes_total\\{outcome=\"sent\",partner=\"[^\"]+\"\\}"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            kafkaLag.refresh();
            return scrape().contains("hub_kafka_consumer_lag{group=\"hub-reconcile\",topic=\"hub.feed.runs\"}");
        });
    }

    @org.springframework.beans.factory.annotation.Value("${hub.kafka.brokers}")
    String brokers;

    @Test
    void deadLettersAreListedAndReplayedToTheirTopic() throws Exception {
        String marker = "dead-letter-test-" + System.nanoTime();
        io.activationhub.KafkaTestClients.send(brokers, "hub.web.events", "ck-dead", "{\"not json " + marker);
        ObjectMapper json = new ObjectMapper();
        JsonNode[] mine = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode d : json.readTree(OpsHub.admin(port, "GET", "/api/dead-letters?limit=100", null).body())) {
                if (d.get("body").asText().contains(marker)) {
                    mine[0] = d;
                    return true;
                }
            }
            return false;
        });
        assertThat(mine[0].get("sourceTopic").asText()).isEqualTo("hub.web.events");
        assertThat(mine[0].get("reason").asText()).isNotBlank();
        // viewers see why and where, not the message (it may hold personal data)
        JsonNode asViewer = json.readTree(OpsHub.call(port, "GET", "/api/dead-letters?limit=100", "viewer", "test-viewer",
                null).body());
        assertThat(asViewer.findValues("body")).allMatch(JsonNode::isNull);
        String path = "/api/dead-letters/" + mine[0].get("partition").asInt() + "/" + mine[0].get("offset").asLong() + "/replay";
        assertThat(OpsHub.call(port, "POST", path, "integrator", "test-integrator", null).status()).isEqualTo(403);
        OpsHub.Reply replay = OpsHub.admin(port, "POST", path, null);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).get("topic").asText()).isEqualTo("hub.web.events");
        // still invalid: it comes back to the dead letters a second time
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                json.readTree(OpsHub.admin(port, "GET", "/api/dead-letters?limit=100", null).body()).findValues("body")
                        .stream().filter(b -> b.asText().contains(marker)).count() == 2);
        assertThat(OpsHub.admin(port, "POST", "/api/dead-letters/0/999999999/replay", null).status()).isEqualTo(404);
    }

    @Test
    void theAdminApiIsDescribedByAnOpenApiDocument() throws Exception {
        assertThat(OpsHub.call(port, "GET", "/v3/api-docs", null, null, null).status()).isEqualTo(401);
        OpsHub.Reply reply = OpsHub.call(port, "GET", "/v3/api-docs", "viewer", "test-viewer", null);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode doc = new ObjectMapper().readTree(reply.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/schedules")).isTrue();
        assertThat(paths.has("/api/feeds")).isTrue();
        assertThat(paths.has("/api/routes")).isTrue();
        assertThat(paths.get("/api/{kind}/{id}/schedule").has("put")).isTrue();
        assertThat(doc.get("info").get("title").asText()).isEqualTo("Activation Hub admin API");
    }
}
