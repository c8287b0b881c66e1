package io.activationhub.webevents;

import io.activationhub.HubTestFiles;
import io.activationhub.KafkaTestClients;
import io.activationhub.ingest.RejectedMessage;
import io.activationhub.ingest.StreamMessage;
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
import java.util.ArrayList;
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
    WebEvents webEvents;
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
    void theAudienceClocksQuestionForNewEventsReadsAnIndexNotEveryEvent() {
        // whatever the table holds, the latest stored event is found by the index on received_at, never by a scan
        String plan = String.join("\n", jdbc.queryForList("explain " + io.activationhub.audience.AudienceClock.LATEST_WEB_EVENT,
                String.class));
        assertThat(plan).contains("web_event_received_idx").doesNotContain("Seq Scan");
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

            // one delivery is tried 4 times (3 redeliveries); more attempts mean the batch was polled again from the
            // committed offset after the retries were exhausted (breakOnFirstError), not skipped
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "select last_value from store_outage_attempts", Long.class) >= attemptsBefore + 6);
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

    private Map<String, Object> webEventCounts() {
        return jdbc.queryForMap("""
                select coalesce(sum(read_count), 0) as read, coalesce(sum(accepted_count), 0) as accepted,
                       coalesce(sum(rejected_count), 0) as rejected, coalesce(sum(duplicate_count), 0) as duplicate
                from feed_run where feed_id = 'web-events'""");
    }

    private static long delta(Map<String, Object> after, Map<String, Object> before, String key) {
        return ((Number) after.get(key)).longValue() - ((Number) before.get(key)).longValue();
    }

    @Test
    void aBatchIsDecidedInItsOrderStoredOnceAndCountedOnce() {
        long carol = customer("WB-CARD-C", "carol@example.org");
        long dave = customer("WB-CARD-D", null);
        // an anonymous event stored by an earlier batch
        WebEvents.Stored first = webEvents.store(webEvents.check(List.of(new StreamMessage(
                event("B-0", "page_view", "2026-11-20T09:59:00Z", ",\"cookie_id\":\"CK-B\""), 3, 99))));
        assertThat(first.accepted()).isEqualTo(1);
        assertThat(stored("B-0")).containsEntry("customer_id", null);

        Map<String, Object> before = webEventCounts();
        List<String> bodies = List.of(
                event("B-1", "page_view", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-B\""),
                event("B-2", "product_view", "2026-11-20T10:01:00Z", ",\"cookie_id\":\"CK-B\",\"email\":\"Carol@Example.org\""),
                event("B-3", "add_to_cart", "2026-11-20T10:02:00Z", ",\"cookie_id\":\"CK-B\""),
                // the cookie is already Carol's: Dave's card resolves this event, the link stays Carol's
                event("B-4", "purchase", "2026-11-20T10:03:00Z", ",\"cookie_id\":\"CK-B\",\"customer_key\":\"WB-CARD-D\""),
                "{not json",
                event("B-1", "page_view", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-B\""),
                event("B-5", "page_view", "2026-11-20T10:04:00Z", ",\"cookie_id\":\"CK-B2\",\"customer_key\":\"WB-CARD-D\""),
                event("B-6", "page_view", "2026-11-20T10:05:00Z", ",\"cookie_id\":\"CK-B2\""),
                event("B-0", "page_view", "2026-11-20T09:59:00Z", ",\"cookie_id\":\"CK-B\""),
                event("B-7", "page_view", "2026-11-20T10:06:00Z", ",\"cookie_id\":\"CK-B3\""));
        List<StreamMessage> batch = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            batch.add(new StreamMessage(bodies.get(i), 3, 100 + i));
        }
        WebEvents.Checked checked = webEvents.check(batch);
        assertThat(checked.rejected()).containsExactly(new RejectedMessage(4, "invalid JSON at line 1 column 2"));
        WebEvents.Stored result = webEvents.store(checked);

        assertThat(result.accepted()).isEqualTo(7);
        assertThat(result.duplicate()).isEqualTo(2);
        assertThat(result.rejected()).hasSize(1);
        assertThat(result.read()).isEqualTo(10);
        assertThat(result.cookiesLinked()).isEqualTo(2);
        Map<String, Object> after = webEventCounts();
        assertThat(delta(after, before, "read")).isEqualTo(10);
        assertThat(delta(after, before, "accepted")).isEqualTo(7);
        assertThat(delta(after, before, "rejected")).isEqualTo(1);
        assertThat(delta(after, before, "duplicate")).isEqualTo(2);

        // before the link (in this batch and in an earlier one) and after it: all Carol's through the cookie
        assertThat(stored("B-0")).containsEntry("customer_id", carol).containsEntry("resolved_by", "cookie")
                .containsEntry("source_offset", 99L);
        assertThat(stored("B-1")).containsEntry("customer_id", carol).containsEntry("resolved_by", "cookie")
                .containsEntry("source_partition", 3).containsEntry("source_offset", 100L);
        assertThat(stored("B-2")).containsEntry("customer_id", carol).containsEntry("resolved_by", "email");
        assertThat(stored("B-3")).containsEntry("customer_id", carol).containsEntry("resolved_by", "cookie");
        assertThat(stored("B-4")).containsEntry("customer_id", dave).containsEntry("resolved_by", "card")
                .containsEntry("source_offset", 103L);
        assertThat(stored("B-5")).containsEntry("customer_id", dave).containsEntry("resolved_by", "card")
                .containsEntry("source_offset", 106L);
        assertThat(stored("B-6")).containsEntry("customer_id", dave).containsEntry("resolved_by", "cookie");
        assertThat(stored("B-7")).containsEntry("customer_id", null).containsEntry("resolved_by", null);
        assertThat(count("B-1")).isEqualTo(1);
        assertThat(jdbc.queryForMap("select customer_id, link_rule from customer_identity where source = 'cookie' and source_key = 'CK-B'"))
                .containsEntry("customer_id", carol)
                .containsEntry("link_rule", "cookie seen with the customer's email on web event B-2");
        assertThat(jdbc.queryForMap("select customer_id, link_rule from customer_identity where source = 'cookie' and source_key = 'CK-B2'"))
                .containsEntry("customer_id", dave)
                .containsEntry("link_rule", "cookie seen with the customer's card on web event B-5");

        // the same batch again (a redelivery after a crash before the commit): nothing changes, all duplicates
        WebEvents.Stored again = webEvents.store(webEvents.check(batch));
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicate()).isEqualTo(9);
        assertThat(again.cookiesLinked()).isZero();
        assertThat(delta(webEventCounts(), after, "read")).isEqualTo(10);
        assertThat(stored("B-4")).containsEntry("customer_id", dave).containsEntry("resolved_by", "card");
    }

    @Test
    void aBurstThroughTheRouteIsStoredInBatchesWithItsPoisonDeadLetteredAndItsOffsetsCommitted() {
        long erin = customer(null, "erin@example.org");
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            records.add(Map.entry("CK-K", event("K-" + i, "page_view", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-K\"")));
            if (i % 100 == 0) {
                // other visitors: other partitions in the same batches
                String cookie = "CK-L" + i;
                records.add(Map.entry(cookie, event("L-" + i, "page_view", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"" + cookie + "\"")));
            }
        }
        records.add(Map.entry("CK-K", event("K-700", "add_to_cart", "2026-11-20T10:10:00Z", ",\"cookie_id\":\"CK-K\",\"email\":\"erin@example.org\"")));
        records.add(Map.entry("CK-K", "{\"event_id\":\"K-BAD\",\"type\":\"page_view\",\"cookie_id\":\"CK-K\"}"));
        records.add(Map.entry("CK-K", event("K-5", "page_view", "2026-11-20T10:00:00Z", ",\"cookie_id\":\"CK-K\"")));
        records.add(Map.entry("CK-K", event("K-701", "purchase", "2026-11-20T10:11:00Z", ",\"cookie_id\":\"CK-K\"")));
        Map<String, Object> before = webEventCounts();
        List<RecordMetadata> sent = KafkaTestClients.sendAll(brokers, TOPIC, records);
        assertThat(sent.stream().map(RecordMetadata::partition).distinct().count()).isGreaterThan(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("K-701") == 1
                && jdbc.queryForObject("select count(*) from web_event where event_id like 'L-%'", Long.class) == 7);
        assertThat(jdbc.queryForObject("select count(*) from web_event where event_id like 'K-%'", Long.class)).isEqualTo(702);
        // 700 anonymous events before the email, in earlier batches or in the same one, and the one after: all Erin's
        assertThat(jdbc.queryForList("select distinct customer_id from web_event where event_id like 'K-%'", Long.class))
                .containsExactly(erin);
        assertThat(stored("K-700")).containsEntry("resolved_by", "email");
        assertThat(stored("K-701")).containsEntry("resolved_by", "cookie");
        RecordMetadata bad = sent.get(records.size() - 3);
        List<KafkaTestClients.Received> dead = KafkaTestClients.readAll(brokers, "hub.dead-letter").stream()
                .filter(r -> "CK-K".equals(r.key())).toList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).headers()).containsEntry("hub.error.reason", "ts is missing")
                .containsEntry("hub.source.partition", Integer.toString(bad.partition()))
                .containsEntry("hub.source.offset", Long.toString(bad.offset()))
                .containsEntry("hub.source.route", "web-events");
        // every partition of the burst committed up to its last record, not only the partition of the batch's last one
        Map<Integer, Long> lastOffsets = new java.util.HashMap<>();
        sent.forEach(m -> lastOffsets.merge(m.partition(), m.offset(), Math::max));
        lastOffsets.forEach((partition, offset) -> await().atMost(Duration.ofSeconds(10)).until(() ->
                KafkaTestClients.committed(brokers, "hub-web-events", TOPIC, partition) == offset + 1));
        Map<String, Object> after = webEventCounts();
        assertThat(delta(after, before, "read")).isEqualTo(711);
        assertThat(delta(after, before, "accepted")).isEqualTo(709);
        assertThat(delta(after, before, "rejected")).isEqualTo(1);
        assertThat(delta(after, before, "duplicate")).isEqualTo(1);
    }
}
