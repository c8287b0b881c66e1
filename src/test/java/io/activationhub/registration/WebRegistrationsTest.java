package io.activationhub.registration;

import io.activationhub.HubTestFiles;
import io.activationhub.KafkaTestClients;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Web registrations end to end on the real backbone: HTTP boundary checks, the broker's acknowledgement before 202
 * (and 503 when it does not come), storage once per submission, reconciliation into customers with cookie and consent
 * proof.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/registrations",
        "hub.routes-dir=target/test-hubs/registrations/routes",
        "hub.audiences-dir=target/test-hubs/registrations/audiences",
        "hub.ingest.registrations.ack-timeout-ms=3000"})
@ActiveProfiles("test")
class WebRegistrationsTest {

    @BeforeAll
    static void freshHome() {
        HubTestFiles.freshHome("registrations");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Value("${hub.kafka.brokers}")
    String brokers;
    @LocalServerPort
    int port;

    private ResponseEntity<Map> post(String body, String forwardedFor) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (forwardedFor != null) {
            headers.set("X-Forwarded-For", forwardedFor);
        }
        // the web site's back end posts with an integrator account
        return http.withBasicAuth("integrator", "test-integrator")
                .postForEntity("/api/ingest/registrations", new HttpEntity<>(body, headers), Map.class);
    }

    private Map<String, Object> reconciled(String submissionId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from web_registration where submission_id = ? and reconciled_at is not null",
                Long.class, submissionId) == 1);
        return jdbc.queryForMap("select * from web_registration where submission_id = ?", submissionId);
    }

    @Test
    void aRegistrationIsAcknowledgedStoredAndReconciledIntoACustomerWithItsCookieAndConsentProof() {
        KafkaTestClients.send(brokers, "hub.web.events", "CK-REG", """
                {"event_id":"REG-E1","type":"product_view","ts":"2026-11-20T10:00:00Z","cookie_id":"CK-REG","sku":"SKU-9"}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from web_event where event_id = 'REG-E1'", Long.class) == 1);

        ResponseEntity<Map> answer = post("""
                {"civility":"Mme","first_name":"claire","last_name":"MOREAU","email":" Claire.Moreau@Example.org ",
                 "mobile":"06 11 22 33 44","address_line1":"3 rue des Lilas","postcode":"69003","city":"Lyon",
                 "optin_email":"1","optin_sms":"0","cookie_id":"CK-REG"}""", "203.0.113.7, 10.0.0.1");
        assertThat(answer.getStatusCode().value()).isEqualTo(202);
        String id = (String) answer.getBody().get("submissionId");
        assertThat(id).matches("[0-9a-f-]{36}");

        Map<String, Object> registration = reconciled(id);
        assertThat(registration).containsEntry("client_ip", "203.0.113.7").containsEntry("peer_ip", "127.0.0.1");
        long customerId = (Long) registration.get("customer_id");
        assertThat(jdbc.queryForMap("select first_name, last_name, email, mobile, address_line4, city from customer where id = ?", customerId))
                .containsEntry("first_name", "Claire").containsEntry("last_name", "Moreau")
                .containsEntry("email", "claire.moreau@example.org").containsEntry("mobile", "+33611223344")
                .containsEntry("address_line4", "3 RUE DES LILAS").containsEntry("city", "LYON");
        assertThat(jdbc.queryForList("select source || '=' || link_rule from customer_identity where customer_id = ? order by source",
                String.class, customerId)).containsExactly(
                "cookie=cookie of web registration " + id,
                "email=web registration " + id + " email",
                "mobile=web registration " + id + " mobile");
        assertThat(jdbc.queryForMap("select status, source, proof from consent_current where customer_id = ? and channel = 'email'", customerId))
                .containsEntry("status", "granted").containsEntry("source", "web-form")
                .containsEntry("proof", "form submission " + id + " from 203.0.113.7");
        assertThat(jdbc.queryForObject("select status from consent_current where customer_id = ? and channel = 'sms'",
                String.class, customerId)).isEqualTo("denied");
        // the visitor's anonymous browsing before registering is now theirs
        assertThat(jdbc.queryForMap("select customer_id, resolved_by from web_event where event_id = 'REG-E1'"))
                .containsEntry("customer_id", customerId).containsEntry("resolved_by", "cookie");
        assertThat(jdbc.queryForObject("select sum(accepted_count) from feed_run where feed_id = 'web-registrations'",
                Long.class)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRegistrationOfSomeoneAlreadyKnownUpdatesThatCustomerInsteadOfCreatingOne() {
        long paul = jdbc.queryForObject("insert into customer (first_name, last_name, email) values ('Paul', 'Martin', 'paul.martin@example.org') returning id", Long.class);
        jdbc.update("insert into customer_identity (source, source_key, customer_id, link_rule) values ('email', 'paul.martin@example.org', ?, 'test')", paul);
        long before = jdbc.queryForObject("select count(*) from customer", Long.class);

        ResponseEntity<Map> answer = post("{\"email\":\"Paul.Martin@example.org\",\"mobile\":\"+33 6 98 76 54 32\",\"optin_email\":\"oui\"}", null);
        assertThat(answer.getStatusCode().value()).isEqualTo(202);
        String id = (String) answer.getBody().get("submissionId");
        assertThat(reconciled(id)).containsEntry("customer_id", paul).containsEntry("client_ip", "127.0.0.1");
        assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select mobile from customer where id = ?", String.class, paul)).isEqualTo("+33698765432");
        assertThat(jdbc.queryForObject("select customer_id from customer_identity where source = 'mobile' and source_key = '+33698765432'",
                Long.class)).isEqualTo(paul);
    }

    @Test
    void withoutAnIntegratorAccountNothingIsAccepted() throws Exception {
        // a plain client: TestRestTemplate's pooled connections may carry credentials from other tests
        HttpClient client = HttpClient.newHttpClient();
        for (String authorization : new String[]{null, "viewer:test-viewer", "integrator:wrong"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ingest/registrations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"anon@example.org\"}"));
            if (authorization != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(authorization.getBytes()));
            }
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).as(String.valueOf(authorization)).isEqualTo(authorization != null && authorization.startsWith("viewer") ? 403 : 401);
        }
        assertThat(jdbc.queryForObject("select count(*) from web_registration where email = 'anon@example.org'", Long.class)).isZero();
    }

    @Test
    void badBodiesAreRefusedWithAClearErrorAndNothingIsPublished() {
        Map<String, String> cases = Map.of(
                "{not json", "body is not valid JSON (line 1, column 2)",
                "[{\"email\":\"a@b.org\"}]", "body must be a JSON object",
                "{\"first_name\":\"Anne\"}", "at least one of email, mobile or card_number is needed",
                "{\"email\":\"a@b.org\",\"password\":\"x\"}", "unknown field 'password'; allowed: " + RegistrationForm.FIELDS,
                "{\"email\":\"a@b.org\",\"city\":\"" + "x".repeat(300) + "\"}", "city longer than 256 characters",
                "{\"email\":\"not-an-address\"}", "email is not a valid address",
                "{\"email\":{\"nested\":1}}", "email must be a string",
                "", "empty body: send a JSON object with the registration fields",
                "{\"email\":\"a@b.org\",\"city\":\"" + "x".repeat(20_000) + "\"}", "body longer than 16384 bytes");
        long published = KafkaTestClients.readAll(brokers, "hub.web.registrations").size();
        cases.forEach((body, message) -> {
            ResponseEntity<Map> answer = post(body, null);
            assertThat(answer.getStatusCode().value()).as(body).isEqualTo(400);
            assertThat(answer.getBody()).as(body).containsEntry("message", message);
        });
        assertThat(KafkaTestClients.readAll(brokers, "hub.web.registrations")).hasSize((int) published);
    }

    @Test
    void whenKafkaDoesNotAcknowledgeTheCallerGets503NothingIsRecordedAndARetryIsAccepted() throws Exception {
        String body = "{\"email\":\"retry.later@example.org\",\"optin_email\":\"1\",\"city\":\"" + "Paris ".repeat(20) + "\"}";
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "hub.web.registrations");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            // the broker refuses (never acknowledges) records over 200 bytes on the topic
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "200"), AlterConfigOp.OpType.SET)))).all().get();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try {
                        KafkaTestClients.send(brokers, "hub.web.registrations", "probe", "x".repeat(300));
                        return false;
                    } catch (IllegalStateException refused) {
                        return true;
                    }
                });
                ResponseEntity<Map> refused = post(body, null);
                assertThat(refused.getStatusCode().value()).isEqualTo(503);
                assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
                assertThat((String) refused.getBody().get("error")).startsWith("not recorded");
                String lost = (String) refused.getBody().get("submissionId");
                assertThat(KafkaTestClients.readAll(brokers, "hub.web.registrations"))
                        .noneMatch(r -> r.value().contains(lost));
            } finally {
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> post(body, null).getStatusCode().value() == 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from web_registration where email = 'retry.later@example.org' and reconciled_at is not null",
                Long.class) == 1);
    }
}
