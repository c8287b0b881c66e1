package io.activationhub.ads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.HubTestFiles;
import io.activationhub.mock.MockPartners;
import io.activationhub.mock.RecordedRequest;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ads channel against the Meta-style and Google-style mocks in-process, with embedded PostgreSQL and Kafka:
 * first sync, 1% delta, partner down then back, 429 storm, partial batch failure, erasure.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/ads",
        "hub.routes-dir=target/test-hubs/ads/routes",
        "hub.audiences-dir=target/test-hubs/ads/audiences",
        "hub.channels.ads.meta.base-url=${hub.mock-partners.url}/meta",
        "hub.channels.ads.meta.ad-account-id=1000000001",
        "hub.channels.ads.meta.access-token=mock-meta-token",
        "hub.channels.ads.meta.batch-size=1000",
        "hub.channels.ads.google.base-url=${hub.mock-partners.url}/google",
        "hub.channels.ads.google.account-id=1234567890",
        "hub.channels.ads.google.access-token=mock-google-token",
        "hub.channels.ads.google.batch-size=1000",
        "hub.channels.ads.google.user-lists.ads-vip=555001",
        "hub.channels.ads.max-attempts=4",
        "hub.channels.ads.initial-backoff-ms=100",
        "hub.channels.ads.max-backoff-ms=400",
        "hub.channels.ads.breaker-minimum-calls=4",
        "hub.channels.ads.breaker-open-ms=1500",
        "hub.channels.ads.retry-interval-ms=1000",
        "hub.channels.ads.sync-interval-ms=3600000"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdPlatformSyncTest {

    private static final String AUDIENCE = "ads-vip";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void freshHome() throws Exception {
        Path home = HubTestFiles.freshHome("ads");
        Files.writeString(home.resolve("audiences/ads-vip.audience.yaml"), """
                # customers of the test town, on Meta and Google
                id: ads-vip
                name: Ads VIP
                channel: email
                trigger: manual
                where:
                  - field: city
                    value: ADSVILLE
                adPlatforms: [meta, google]
                """);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MockPartners partners;
    @Autowired
    AdAudienceSync sync;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Customers n in [from, to] of the test town; every tenth of the first ones has no ads consent. */
    private void addCustomers(int from, int to, boolean everyTenthWithoutConsent) {
        jdbc.update("""
                insert into customer (first_name, last_name, email, mobile, postcode, city, country)
                select 'Prénom' || g, 'Nom-' || g, 'Client.' || g || '@Example.org', '+3361' || lpad(g::text, 7, '0'),
                       '75001', 'ADSVILLE', 'FR'
                from generate_series(?, ?) g""", from, to);
        jdbc.update("""
                insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                select id, 'ads', 'granted', 'consent', 'test', 'test', now() - interval '1 day' from customer
                where city = 'ADSVILLE' and substring(email from 'Client\\.(\\d+)@')::int between ? and ?
                  and (not ? or substring(email from 'Client\\.(\\d+)@')::int % 10 <> 0)""", from, to, everyTenthWithoutConsent);
    }

    private long customer(int n) {
        return jdbc.queryForObject("select id from customer where email = ?", Long.class, "Client." + n + "@Example.org");
    }

    private String metaAudience() {
        return jdbc.queryForObject("select partner_list_id from ad_audience where audience_id = ? and platform = 'meta'",
                String.class, AUDIENCE);
    }

    private int stateCount(String platform) {
        return jdbc.queryForObject("select count(*) from ad_audience_member where audience_id = ? and platform = ?",
                Integer.class, AUDIENCE, platform);
    }

    private List<RecordedRequest> uploads(String partner) {
        return partners.received(partner).stream().filter(r -> r.path().contains("users") || r.path().contains("audienceMembers"))
                .toList();
    }

    private HttpResponse<String> post(String path, String user, String password, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void theFirstSyncPushesEveryConsentedMemberInBatchesWithinTheLimit() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> post("/api/audiences/ads-vip/ads-sync?platform=meta", "viewer",
                "test-viewer", "").statusCode() == 403);
        addCustomers(1, 5000, true);
        partners.forget("meta");

        HttpResponse<String> response = post("/api/audiences/ads-vip/ads-sync?platform=meta", "integrator", "test-integrator", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body()).path("sync");
        assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(result.path("members").asInt()).isEqualTo(4500);
        assertThat(result.path("toAdd").asInt()).isEqualTo(4500);
        assertThat(result.path("rowsSent").asInt()).isEqualTo(4500);
        assertThat(result.path("batches").asInt()).isEqualTo(5);
        assertThat(result.path("received").asLong()).isEqualTo(4500);
        assertThat(result.path("invalid").asLong()).isZero();

        String audience = metaAudience();
        assertThat(partners.meta().memberCount(audience)).isEqualTo(4500);
        assertThat(uploads("meta")).hasSize(5).allMatch(r -> r.status() == 200 && r.method().equals("POST"));
        assertThat(partners.meta().hasMember(audience, "EMAIL", AdIdentifiers.sha256("client.1@example.org"))).isTrue();
        assertThat(partners.meta().hasMember(audience, "PHONE", AdIdentifiers.sha256("33610000001"))).isTrue();
        assertThat(partners.meta().hasMember(audience, "EMAIL", AdIdentifiers.sha256("client.10@example.org")))
                .as("no ads consent").isFalse();
        assertThat(stateCount("meta")).isEqualTo(4500);
        Map<String, Object> activation = jdbc.queryForMap(
                "select channel, partner, status, member_count, sent_count, failed_count from activation where id = ?",
                result.path("activationId").asLong());
        assertThat(activation).containsEntry("channel", "ads").containsEntry("partner", "meta")
                .containsEntry("status", "COMPLETED").containsEntry("member_count", 4500).containsEntry("sent_count", 4500);
    }

    @Test
    @Order(2)
    void aOnePercentChangePushesOnlyTheDelta() {
        // 20 withdraw their consent, 10 change email, 15 join: 45 changes, 1% of 4500
        jdbc.update("""
                insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                select id, 'ads', 'withdrawn', 'consent', 'test', 'test', now() from customer
                where substring(email from 'Client\\.(\\d+)@')::int between 1 and 22 and city = 'ADSVILLE'""");
        jdbc.update("update customer set email = 'Changed.' || id || '@Example.org' where substring(email from 'Client\\.(\\d+)@')::int between 101 and 111");
        addCustomers(5001, 5015, false);
        partners.forget("meta");

        AdAudienceSync.Result r = sync.sync(AUDIENCE, "meta", "manual");

        assertThat(r.status()).isEqualTo("COMPLETED");
        assertThat(r.unchanged()).isEqualTo(4500 - 20 - 10);
        assertThat(r.toAdd()).as("15 new, 10 changed").isEqualTo(25);
        assertThat(r.toRemove()).as("20 gone, old rows of the 10 changed").isEqualTo(30);
        assertThat(r.rowsSent()).isEqualTo(55);
        assertThat(uploads("meta")).extracting(RecordedRequest::method).containsExactly("DELETE", "POST", "DELETE");
        String audience = metaAudience();
        assertThat(partners.meta().memberCount(audience)).isEqualTo(4495);
        assertThat(partners.meta().hasMember(audience, "EMAIL", AdIdentifiers.sha256("client.101@example.org"))).isFalse();
        assertThat(partners.meta().hasMember(audience, "EMAIL", AdIdentifiers.sha256("client.2@example.org"))).isFalse();
        assertThat(stateCount("meta")).isEqualTo(4495);

        AdAudienceSync.Result again = sync.sync(AUDIENCE, "meta", "manual");
        assertThat(again.toAdd() + again.toRemove()).as("nothing changed since").isZero();
        assertThat(again.batches()).isZero();
    }

    @Test
    @Order(3)
    void aPartnerDownForAWhileLosesNothingAndIsDeliveredAfterRecovery() {
        addCustomers(5016, 7515, false);
        partners.behaviour("meta").failWith(503);

        AdAudienceSync.Result failed = sync.sync(AUDIENCE, "meta", "manual");

        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.rowsSent()).isZero();
        assertThat(failed.error()).contains("503");
        assertThat(stateCount("meta")).as("nothing is marked pushed without the partner's acknowledgement").isEqualTo(4495);
        assertThat(jdbc.queryForObject("select status from activation where id = ?", String.class, failed.activationId()))
                .isEqualTo("FAILED");

        partners.behaviour("meta").reset();
        // the retry schedule (every second here) syncs failed lists again once the circuit lets calls through
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("select last_sync_status from ad_audience where audience_id = ? and platform = 'meta'",
                    String.class, AUDIENCE)).isEqualTo("COMPLETED");
            assertThat(partners.meta().memberCount(metaAudience())).isEqualTo(4495 + 2500);
        });
        assertThat(stateCount("meta")).isEqualTo(4495 + 2500);
    }

    @Test
    @Order(4)
    void a429StormIsWaitedOutAndEverythingIsDelivered() {
        addCustomers(7516, 9515, false);
        partners.forget("meta");
        partners.behaviour("meta").rateLimit(429, 1, 3);

        AdAudienceSync.Result r = sync.sync(AUDIENCE, "meta", "manual");

        assertThat(r.status()).isEqualTo("COMPLETED");
        assertThat(r.rateLimited()).isEqualTo(3);
        assertThat(r.rowsSent()).isEqualTo(2000);
        List<RecordedRequest> requests = uploads("meta");
        assertThat(requests).extracting(RecordedRequest::status).containsExactly(429, 429, 429, 200, 200);
        for (int i = 1; i < 4; i++) {
            assertThat(Duration.between(requests.get(i - 1).time(), requests.get(i).time()))
                    .as("Retry-After: 1 s respected before request %d", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        assertThat(partners.meta().memberCount(metaAudience())).isEqualTo(6995 + 2000);
    }

    @Test
    @Order(5)
    void aPartialBatchFailureRetriesOnlyTheFailedBatch() throws Exception {
        addCustomers(9516, 12515, false);
        partners.forget("meta");
        HttpResponse<String> armed = http.send(HttpRequest.newBuilder(URI.create(partners.baseUrl() + "/mock/meta/behaviour"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"failBatch\":{\"number\":2,\"status\":500}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(armed.statusCode()).as(armed.body()).isEqualTo(200);

        AdAudienceSync.Result r = sync.sync(AUDIENCE, "meta", "manual");

        assertThat(r.status()).isEqualTo("COMPLETED");
        assertThat(r.batches()).isEqualTo(3);
        assertThat(r.retries()).isEqualTo(1);
        assertThat(uploads("meta")).extracting(RecordedRequest::status).containsExactly(200, 500, 200, 200);
        assertThat(jdbc.queryForList("select attempts from ad_audience_batch where activation_id = ? order by seq",
                Integer.class, r.activationId())).containsExactly(1, 2, 1);
        assertThat(partners.meta().memberCount(metaAudience())).isEqualTo(8995 + 3000);
        assertThat(stateCount("meta")).isEqualTo(8995 + 3000);
    }

    @Test
    @Order(6)
    void googleGetsItsOwnNormalisationWithThePlusOfE164() {
        partners.forget("google");
        AdAudienceSync.Result r = sync.sync(AUDIENCE, "google", "manual");
        assertThat(r.status()).isEqualTo("COMPLETED");
        assertThat(r.rowsSent()).isEqualTo(11_995);
        assertThat(r.batches()).isEqualTo(12);
        assertThat(partners.google().memberCount("1234567890", "555001")).isEqualTo(11_995);
        assertThat(partners.google().hasIdentifier("1234567890", "555001", "phoneNumber",
                AdIdentifiers.sha256("+33610000031"))).isTrue();
        assertThat(partners.google().hasIdentifier("1234567890", "555001", "phoneNumber",
                AdIdentifiers.sha256("33610000031"))).as("Meta's form is not Google's").isFalse();
        assertThat(jdbc.queryForObject("select count(*) from activation where channel = 'ads' and partner = 'google'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    @Order(7)
    void anErasedCustomersRemovalReachesEveryAdPlatformTheyWereSentTo() throws Exception {
        long erased = customer(33);
        String email = AdIdentifiers.sha256("client.33@example.org");
        assertThat(partners.meta().hasMember(metaAudience(), "EMAIL", email)).isTrue();
        assertThat(partners.google().hasIdentifier("1234567890", "555001", "emailAddress", email)).isTrue();

        HttpResponse<String> response = post("/api/privacy/erasure", "admin", "test-admin", "{\"customerId\":" + erased + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body()).path("reports").get(0);
        assertThat(report.path("rows").path("ad_audience_member (removal owed to the ad platforms)").asInt()).isEqualTo(2);
        assertThat(report.path("notes").toString()).contains("meta audience ads-vip: removal acknowledged")
                .contains("google audience ads-vip: removal acknowledged");
        assertThat(partners.meta().hasMember(metaAudience(), "EMAIL", email)).isFalse();
        assertThat(partners.google().hasIdentifier("1234567890", "555001", "emailAddress", email)).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from ad_audience_member where customer_id = ?", Integer.class, erased)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from ad_audience_removal", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from activation where channel = 'ads' and trigger = 'erasure' and status = 'COMPLETED'",
                Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select details::text from audit_event order by id desc limit 1", String.class))
                .contains("meta:ads-vip", "google:ads-vip");
    }

    @Autowired
    io.activationhub.privacy.RetentionPurge retention;

    @Test
    @Order(8)
    void theRetentionPurgeRemovesItsErasedCustomersFromEachListInOneRequestNotOnePerCustomer() {
        List<Long> inactive = List.of(customer(41), customer(42), customer(43));
        List<String> emails = List.of(41, 42, 43).stream().map(n -> AdIdentifiers.sha256("client." + n + "@example.org")).toList();
        for (String email : emails) {
            assertThat(partners.meta().hasMember(metaAudience(), "EMAIL", email)).isTrue();
            assertThat(partners.google().hasIdentifier("1234567890", "555001", "emailAddress", email)).isTrue();
        }
        // nothing done for four years
        for (long id : inactive) {
            jdbc.update("update customer set updated_at = now() - interval '4 years', enrolled_at = now() - interval '5 years' where id = ?", id);
            jdbc.update("update consent_event set effective_at = now() - interval '4 years' where customer_id = ?", id);
        }
        int erasureActivations = jdbc.queryForObject(
                "select count(*) from activation where channel = 'ads' and trigger = 'erasure'", Integer.class);

        Map<String, Object> summary = retention.purge();

        assertThat(summary).containsEntry("customersErased", 3);
        assertThat(summary.get("adPlatformRemovals").toString()).contains("meta audience ads-vip: removal acknowledged")
                .contains("google audience ads-vip: removal acknowledged");
        for (String email : emails) {
            assertThat(partners.meta().hasMember(metaAudience(), "EMAIL", email)).isFalse();
            assertThat(partners.google().hasIdentifier("1234567890", "555001", "emailAddress", email)).isFalse();
        }
        assertThat(jdbc.queryForObject("select count(*) from ad_audience_removal", Integer.class)).isZero();
        // one removal per platform list for the three of them (it was one per customer: six)
        assertThat(jdbc.queryForObject("select count(*) from activation where channel = 'ads' and trigger = 'erasure'",
                Integer.class)).isEqualTo(erasureActivations + 2);
        assertThat(jdbc.queryForObject("select count(*) from customer where id in (?, ?, ?)", Integer.class,
                inactive.get(0), inactive.get(1), inactive.get(2))).isZero();
    }
}
