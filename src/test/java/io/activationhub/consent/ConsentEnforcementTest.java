package io.activationhub.consent;

import io.activationhub.EndToEndTest;
import io.activationhub.HubTestFiles;
import io.activationhub.activation.EmailMessage;
import io.activationhub.audience.AudienceActivation;
import io.activationhub.mock.MockPartners;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Suppression and preferences enforced at push time: messages built while a person was still marketable are not sent
 * once the person is on the do-not-contact list or has reached the contact frequency they chose.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/consent",
        "hub.routes-dir=target/test-hubs/consent/routes",
        "hub.audiences-dir=target/test-hubs/consent/audiences"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsentEnforcementTest {

    static Path home;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Autowired
    MockPartners partners;
    @Autowired
    AudienceActivation audiences;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    io.activationhub.channel.EmailPartnerBreaker breaker;

    @BeforeAll
    static void freshHome() {
        home = HubTestFiles.freshHome("consent");
    }

    private long customerOfCard(String card) {
        return jdbc.queryForObject("select customer_id from customer_identity where source = 'card' and source_key = ?",
                Long.class, card);
    }

    private ResponseEntity<Map> upload(String body, String user, String password) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.valueOf("text/csv"));
        return http.withBasicAuth(user, password).exchange("/api/suppressions?source=bloctel-2026-11", HttpMethod.POST,
                new HttpEntity<>(body, headers), Map.class);
    }

    @Test
    @Order(1)
    void aDoNotContactUploadAccountsForEveryLine() {
        String list = """
                value;channel
                 Paul.Martin@EXAMPLE.org
                paul.martin@example.org;email
                06 11 22 33 44
                0611223344;sms
                not-an-address
                someone@example.org;sms
                someone@example.org;carrier-pigeon
                +33 6 11 22 33 44;email
                """;
        ResponseEntity<Map> response = upload(list, "admin", "test-admin");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        Map<?, ?> report = response.getBody();
        assertThat(report.get("read")).isEqualTo(8);
        assertThat(report.get("accepted")).isEqualTo(2);
        assertThat(report.get("duplicate")).isEqualTo(2);
        assertThat(report.get("rejected")).isEqualTo(4);
        assertThat((List<String>) report.get("rejections")).containsExactly(
                "line 6: neither an email address nor a valid phone number",
                "line 7: channel 'sms' does not apply to emails",
                "line 8: unknown channel 'carrier-pigeon' (use one of [ads, email, phone, sms])",
                "line 9: channel 'email' does not apply to phones");
        assertThat(jdbc.queryForList("select channel from suppression where reason = 'do-not-contact' order by channel",
                String.class)).containsExactly("ads", "ads", "email", "phone", "sms");
        assertThat(jdbc.queryForObject("select count(*) from suppression where address_hash = encode(sha256("
                + "convert_to('paul.martin@example.org', 'UTF8')), 'hex')", Long.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select details->>'rejected' from audit_event where action = 'suppression-upload'",
                String.class)).isEqualTo("4");
        assertThat(upload("x@example.org", "viewer", "test-viewer").getStatusCode().value()).isEqualTo(403);
        assertThat(upload("x@example.org", "integrator", "test-integrator").getStatusCode().value()).isEqualTo(403);
        List<?> summary = http.getForObject("/api/suppressions", List.class);
        assertThat(summary).extracting(r -> ((Map<?, ?>) r).get("channel") + ":" + ((Map<?, ?>) r).get("entries"))
                .contains("email:1", "ads:2");
    }

    @Test
    @Order(2)
    void preferencesAreValidatedAndAudited() {
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members.csv", EndToEndTest.LOYALTY);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from push where status = 'SENT'", Long.class) == 2);
        long helene = customerOfCard("C004");
        ResponseEntity<Map> put = http.exchange("/api/customers/" + helene + "/preferences", HttpMethod.PUT,
                new HttpEntity<>(Map.of("preferredChannel", "SMS", "maxPerMonth", 1, "source", "call-centre")), Map.class);
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        assertThat(put.getBody().get("preferredChannel")).isEqualTo("sms");
        Map<?, ?> got = http.getForObject("/api/customers/" + helene + "/preferences", Map.class);
        assertThat(got.get("maxPerMonth")).isEqualTo(1);
        assertThat(got.get("source")).isEqualTo("call-centre");
        assertThat(http.exchange("/api/customers/" + helene + "/preferences", HttpMethod.PUT,
                new HttpEntity<>(Map.of("preferredChannel", "fax")), Map.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.exchange("/api/customers/" + helene + "/preferences", HttpMethod.PUT,
                new HttpEntity<>(Map.of("maxPerMonth", 1000)), Map.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.exchange("/api/customers/999999/preferences", HttpMethod.PUT,
                new HttpEntity<>(Map.of("maxPerMonth", 2)), Map.class).getStatusCode().value()).isEqualTo(404);
        assertThat(http.withBasicAuth("viewer", "test-viewer").exchange("/api/customers/" + helene + "/preferences",
                HttpMethod.PUT, new HttpEntity<>(Map.of("maxPerMonth", 9)), Map.class).getStatusCode().value()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'preference-change'", Long.class))
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void pushesBuiltBeforeASuppressionOrACapAreNotSent() {
        // Paul's address was on the do-not-contact list before the file came: he was never a member
        long paul = customerOfCard("C002");
        assertThat(jdbc.queryForObject("select count(*) from push where customer_id = ?", Long.class, paul)).isZero();
        // build the audience again while everyone is marketable, then suppress and cap before the channel sends
        jdbc.update("update push set status = 'FAILED' where audience_id = 'welcome-loyalty-members'");
        jdbc.update("delete from suppression where reason = 'do-not-contact'");
        partners.forgetEmails();
        AudienceActivation.Result built = audiences.activate("welcome-loyalty-members", "test", false);
        assertThat(built.emails()).extracting(EmailMessage::to).containsExactlyInAnyOrder(
                "d.pilliard@example.org", "paul.martin@example.org", "helene.leroy@example.org");
        upload("paul.martin@example.org;email", "admin", "test-admin");
        long delphine = customerOfCard("C001");
        jdbc.update("update push set status = 'SENT', sent_at = now() where customer_id = ? and status = 'FAILED'", delphine);
        jdbc.update("insert into contact_preference (customer_id, max_per_month, source) values (?, 1, 'test')", delphine);
        for (EmailMessage m : built.emails()) {
            producer.sendBody("direct:queue-email", m);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select status from activation where id = ?", String.class, built.activationId()).equals("COMPLETED"));
        assertThat(partners.receivedEmails()).extracting(m -> (String) ((List<?>) m.get("to")).get(0))
                .containsExactly("helene.leroy@example.org");
        assertThat(jdbc.queryForList("select customer_id || ':' || status || ':' || coalesce(error, '') from push "
                + "where activation_id = ? order by customer_id", String.class, built.activationId())).containsExactly(
                delphine + ":SKIPPED:customer's maximum contacts per month reached at push time",
                paul + ":SKIPPED:address suppressed on the channel at push time",
                customerOfCard("C004") + ":SENT:");
        assertThat(jdbc.queryForObject("select sent_count from activation where id = ?", Integer.class,
                built.activationId())).isEqualTo(1);
    }

    @Test
    @Order(4)
    void whileTheMailServerIsDownNothingIsLostAndEachEmailGoesOnceItIsBack() throws Exception {
        partners.smtpDown();
        try {
            HubTestFiles.drop(home.resolve("inbox/loyalty"), "late-members.csv", """
                    card_number;store_id;enrolled_at;civility;first_name;last_name;email;postcode;city;country;optin_email
                    C801;S01;%1$s;Mme;Odile;Marchand;odile.marchand@example.org;33000;Bordeaux;FR;1
                    C802;S01;%1$s;M;Yves;Perrin;yves.perrin@example.org;44000;Nantes;FR;1
                    """.formatted(java.time.LocalDate.now().minusDays(3)));
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "select count(*) from push p join customer_identity i on i.customer_id = p.customer_id "
                            + "where i.source = 'card' and i.source_key in ('C801', 'C802')", Long.class) == 2);
            // several delivery attempts against a server that refuses connections open the partner's circuit
            await().atMost(Duration.ofSeconds(30)).until(() -> breaker.state() == io.activationhub.channel.CircuitBreaker.State.OPEN);
            assertThat(jdbc.queryForList("select p.status from push p join customer_identity i on i.customer_id = p.customer_id "
                    + "where i.source = 'card' and i.source_key in ('C801', 'C802')", String.class))
                    .as("still waiting, not failed").containsOnly("QUEUED");
        } finally {
            partners.smtpUp();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(partners.receivedEmails())
                .extracting(m -> (String) ((List<?>) m.get("to")).get(0))
                .contains("odile.marchand@example.org", "yves.perrin@example.org"));
        assertThat(breaker.state()).isEqualTo(io.activationhub.channel.CircuitBreaker.State.CLOSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from push p join customer_identity i on i.customer_id = p.customer_id "
                        + "where i.source = 'card' and i.source_key in ('C801', 'C802') and p.status = 'SENT'", Long.class) == 2);
        Thread.sleep(3_000);
        assertThat(partners.receivedEmails()).extracting(m -> (String) ((List<?>) m.get("to")).get(0))
                .filteredOn(to -> to.equals("odile.marchand@example.org") || to.equals("yves.perrin@example.org"))
                .as("each sent once").hasSize(2);
    }

    @Test
    @Order(5)
    void logsAreStructuredAndHoldNoPersonalData() throws Exception {
        // Logback is set up once per JVM: the file is the one of the first hub context of this test JVM
        // (hub.home/logs/hub.log of that context), and this context's events go to it too
        ch.qos.logback.classic.LoggerContext logback =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        Path logFile = null;
        for (var it = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ch.qos.logback.core.FileAppender<?> file) {
                logFile = Path.of(file.getFile());
            }
        }
        assertThat(logFile).as("a log file appender").isNotNull();
        assertThat(logFile.toString()).endsWith("logs/hub.log".replace('/', java.io.File.separatorChar));
        List<String> lines = java.nio.file.Files.readAllLines(logFile);
        assertThat(lines).isNotEmpty();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : lines.subList(0, Math.min(lines.size(), 200))) {
            assertThat(json.readTree(line).has("@timestamp")).as("an ECS JSON event: %s", line).isTrue();
        }
        String all = String.join("\n", lines).toLowerCase(java.util.Locale.ROOT);
        for (String personal : List.of("odile.marchand@example.org", "yves.perrin@example.org", "paul.martin@example.org",
                "d.pilliard@example.org", "+33671423895", "pilliard")) {
            assertThat(all).as("the log holds no '%s'", personal).doesNotContain(personal);
        }
    }
}
