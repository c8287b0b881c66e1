package io.activationhub.webevents;

import io.activationhub.HubTestFiles;
import io.activationhub.KafkaTestClients;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Web and app events on the real backbone: embedded Kafka, embedded PostgreSQL, the project's route files.
 * Resolution by card, email and cookie; redeliveries stored once; poison messages dead-lettered; a store outage
 * holds the offset back instead of losing the event.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/web-events",
        "hub.routes-dir=target/test-hubs/web-events/routes",
        "hub.audiences-dir=target/test-hubs/web-events/audiences"})
@ActiveProfiles("test")
class WebEventsTest {

    static final String TOPIC = "hub.web.events";

    @BeforeAll
    static void freshHome() {
        HubTestFiles.freshHome("web-events");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Value("${hub.kafka.brokers}")
    String brokers;

    private RecordMetadata send(String key, String json) {
        return KafkaTestClients.send(brokers, TOPIC, key, json);
    }

    private static String event(String id, String type, String ts, String identities) {
        return "{\"event_id\":\"" + id + "\",\"type\":\"" + type + "\",\"ts\":\"" + ts + "\"" + identities
                + ",\"sku\":\"SKU-1\",\"category\":\"robes\",\"price\":59.9}";
    }

    private long customer(String card, String email) {
        long id = jdbc.queryForObject("insert into customer (first_name) values ('Test') returning id", Long.class);
        if (card != null) {
            jdbc.update("insert into customer_identity (source, source_key, customer_id, link_rule) values ('card', ?, ?, 'test')", card, id);
        }
        if (email != null) {
            jdbc.update("insert into customer_identity (source, source_key, customer_id, link_rule) values ('email', ?, ?, 'test')", email, id);
        }
        return id;
    }

    private Map<String, Object> stored(String eventId) {
        return jdbc.queryForMap("select * from web_event where event_id = ?", eventId);
    }

    private long count(String eventId) {
        return jdbc.queryForObject("select count(*) from web_event where event_id = ?", Long.class, eventId);
    }

    @Test
    void eventsResolveByCardEmailOrCookieAndACookieSeenWithACardResolvesItsEventsBeforeAndAfter() {
        long anne = customer("WE-CARD-A", "anne@example.org");
        long bob = customer(null, "bob@example.org");
        // same key = same partition = this order
        send("CK-1", event("R-1", "page_view", "2026-11-20T10:00:00", ",\"cookie_id\":\"CK-1\""));
        send("CK-1", event("R-2", "add_to_cart", "2026-11-20T10:05:00+01:00", ",\"cookie_id\":\"CK-1\",\"customer_key\":\"WE-CARD-A\""));
        send("CK-1", event("R-3", "product_view", "2026-11-20T09:10:00Z", ",\"cookie_id\":\"CK-1\""));
        send("B", event("R-4", "newsletter_open", "2026-11-20T10:00:00Z", ",\"email\":\" Bob@Example.org \""));
        send("CK-2", event("R-5", "purchase", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-2\",\"customer_key\":\"NO-SUCH-CARD\""));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from web_event where event_id like 'R-%'", Long.class) == 5);
        assertThat(stored("R-1")).containsEntry("customer_id", anne).containsEntry("resolved_by", "cookie");
        assertThat(stored("R-2")).containsEntry("customer_id", anne).containsEntry("resolved_by", "card");
        assertThat(stored("R-3")).containsEntry("customer_id", anne).containsEntry("resolved_by", "cookie");
        assertThat(stored("R-4")).containsEntry("customer_id", bob).containsEntry("resolved_by", "email")
                .containsEntry("email", "bob@example.org");
        assertThat(stored("R-5")).containsEntry("customer_id", null).containsEntry("customer_key", "NO-SUCH-CARD");
        // local time is Paris time: 10:00 in November is 09:00 UTC
        assertThat(jdbc.queryForObject("select occurred_at = timestamptz '2026-11-20T09:00:00Z' from web_event where event_id = 'R-1'",
                Boolean.class)).isTrue();
        assertThat(jdbc.queryForMap("select customer_id, link_rule from customer_identity where source = 'cookie' and source_key = 'CK-1'"))
                .containsEntry("customer_id", anne)
                .containsEntry("link_rule", "cookie seen with the customer's card on web event R-2");
        assertThat(jdbc.queryForObject("select count(*) from customer_identity where source = 'cookie' and source_key = 'CK-2'",
                Long.class)).isZero();
    }

    @Test
    void aRedeliveredEventIsStoredOnceCountedAsDuplicateAndTheFeedShowsItsRuns() {
        String json = event("D-1", "page_view", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-D\"");
        send("CK-D", json);
        send("CK-D", json);
        send("CK-D", event("D-2", "page_view", "2026-11-20T10:01:00Z", ",\"cookie_id\":\"CK-D\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("D-2") == 1);
        assertThat(count("D-1")).isEqualTo(1);

        List<Map<String, Object>> feeds = http.withBasicAuth("viewer", "test-viewer").exchange("/api/feeds", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(feeds).extracting(f -> f.get("id")).contains("web-events", "web-registrations", "email-bounces");
        List<Map<String, Object>> runs = http.withBasicAuth("viewer", "test-viewer").exchange("/api/feeds/web-events/runs", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(runs).isNotEmpty();
        Map<String, Object> run = runs.get(0);
        assertThat(run.get("status")).isEqualTo("RUNNING");
        assertThat((String) run.get("sourceName")).startsWith("web-events window ");
        assertThat(((Number) run.get("duplicate")).longValue()).isGreaterThanOrEqualTo(1);
        long read = jdbc.queryForObject("select sum(read_count) from feed_run where feed_id = 'web-events'", Long.class);
        assertThat(read).isEqualTo(jdbc.queryForObject(
                "select sum(accepted_count + rejected_count + duplicate_count) from feed_run where feed_id = 'web-events'", Long.class));
        assertThat(jdbc.queryForObject("select sum(accepted_count) from feed_run where feed_id = 'web-events'", Long.class))
                .isEqualTo(jdbc.queryForObject("select count(*) from web_event", Long.class));
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheirErrorAndOriginAndTheConsumerGoesOn() {
        RecordMetadata notJson = send("P", "{not json");
        RecordMetadata unknownType = send("P", event("P-1", "teleport", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-P\""));
        RecordMetadata noId = send("P", "{\"type\":\"page_view\",\"ts\":\"2026-11-20T10:00:00Z\",\"cookie_id\":\"CK-P\"}");
        RecordMetadata noTs = send("P", "{\"event_id\":\"P-3\",\"type\":\"page_view\",\"cookie_id\":\"CK-P\"}");
        send("P", event("P-OK", "page_view", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-P\""));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("P-OK") == 1);
        assertThat(count("P-1")).isZero();
        List<KafkaTestClients.Received> dead = KafkaTestClients.readAll(brokers, "hub.dead-letter").stream()
                .filter(r -> "P".equals(r.key())).toList();
        assertThat(dead).hasSize(4);
        assertThat(dead).extracting(r -> r.headers().get("hub.error.reason")).containsExactly(
                "invalid JSON at line 1 column 2",
                "unknown type 'teleport'; expected one of [add_to_cart, newsletter_click, newsletter_open, page_view, product_view, purchase, unsubscribe]",
                "event_id is missing",
                "ts is missing");
        assertThat(dead.get(0).value()).isEqualTo("{not json");
        for (int i = 0; i < 4; i++) {
            RecordMetadata origin = List.of(notJson, unknownType, noId, noTs).get(i);
            assertThat(dead.get(i).headers()).containsEntry("hub.source.topic", TOPIC)
                    .containsEntry("hub.source.partition", Integer.toString(origin.partition()))
                    .containsEntry("hub.source.offset", Long.toString(origin.offset()))
                    .containsEntry("hub.source.route", "web-events");
        }
        assertThat(jdbc.queryForObject("select sum(rejected_count) from feed_run where feed_id = 'web-events'", Long.class))
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void whileTheStoreRefusesAnEventItIsRetriedNotSkippedAndItsOffsetIsNotCommittedUntilItIsStored() {
        // a real failure of the store: every insert into web_event fails while store_outage has a row
        jdbc.execute("create table if not exists store_outage (since timestamptz)");
        jdbc.execute("create sequence if not exists store_outage_attempts");
        jdbc.execute("""
                create or replace function refuse_during_outage() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from store_outage) then
                        perform nextval('store_outage_attempts');  -- sequences are not rolled back: counts attempts
                        raise exception 'store unavailable (outage)';
                    end if;
                    return new;
                end $$""");
        jdbc.execute("create trigger web_event_outage before insert on web_event for each row execute function refuse_during_outage()");
        try {
            jdbc.update("insert into store_outage values (now())");
            long attemptsBefore = jdbc.queryForObject("select last_value + (case when is_called then 0 else -1 end) from store_outage_attempts", Long.class);
            RecordMetadata sent = send("CK-O", event("O-1", "purchase", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-O\""));

            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select last_value from store_outage_attempts", Long.class) >= attemptsBefore + 3);
            assertThat(count("O-1")).isZero();
            assertThat(KafkaTestClients.committed(brokers, "hub-web-events", TOPIC, sent.partition()))
                    .isLessThanOrEqualTo(sent.offset());

            jdbc.update("delete from store_outage");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("O-1") == 1);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    KafkaTestClients.committed(brokers, "hub-web-events", TOPIC, sent.partition()) > sent.offset());
            assertThat(KafkaTestClients.readAll(brokers, "hub.dead-letter")).noneMatch(r -> "CK-O".equals(r.key()));
        } finally {
            jdbc.execute("drop trigger if exists web_event_outage on web_event");
            jdbc.update("delete from store_outage");
        }
    }
}
