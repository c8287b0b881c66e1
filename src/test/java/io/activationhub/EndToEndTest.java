package io.activationhub;

import io.activationhub.mock.MockPartners;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole flow on real infrastructure (embedded PostgreSQL, embedded Kafka, GreenMail), nothing of ours mocked:
 * a loyalty file and a POS export dropped in the inbox end as customers, linked tickets, consents, an audience
 * activation and personalised emails in the SMTP server.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/e2e",
        "hub.routes-dir=target/test-hubs/e2e/routes",
        "hub.audiences-dir=target/test-hubs/e2e/audiences"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class EndToEndTest {

    public static final String LOYALTY = """
            card_number;store_id;enrolled_at;civility;first_name;last_name;contact;birth_date;email;phone;mobile;address_line1;address_line2;address_line3;address_line4;postcode;city;country;optin_email;optin_sms;optin_postal
            C001;S01;%1$s;Mme;Delphine;Pilliard;;12/03/1980; D.Pilliard@Example.org ;01.41.22.01.92;06 71 42 38 95;4 av Desfeux;;;;92100;Boulogne-Billancourt;FR;1;1;1
            C002;S01;%1$s;M;;;Martin, Paul;1975-06-01;paul.martin@example.org;;+33 6 98 76 54 32;12 rue de la Paix;;;;75002;Paris;FR;oui;non;1
            C003;S02;%1$s;M;Marc;Dubois;;01/01/1990;marc.dubois@example.org;;;1 place Bellecour;;;;69002;Lyon;FR;0;0;1
            ;S02;%1$s;M;No;Card;;01/01/1990;no.card@example.org;;;1 rue X;;;;69002;Lyon;FR;1;0;1
            C004;S03;%1$s;Mme;Hélène;Leroy;;05/05/1985;helene.leroy@example.org;;;8 rue Nationale;;;;59000;Lille;FR;1;0;0
            C004;S03;%1$s;Mme;Hélène;Leroy;;05/05/1985;helene.leroy@example.org;;;8 rue Nationale;;;;59000;Lille;FR;1;0;0
            """.formatted(java.time.LocalDate.now().minusDays(10));

    public static final String POS = """
            store_id;ticket_id;ticket_ts;card_number;line_no;sku;category;quantity;unit_price;discount;channel
            S01;T1;2026-10-01T10:15:00;C001;1;SKU-1;robes;1;59,90;0;store
            S01;T1;2026-10-01T10:15:00;C001;2;SKU-2;accessoires;2;10.00;2,00;store
            S01;T2;2026-10-02 11:00;;1;SKU-1;robes;1;59.90;0;store
            S02;T3;2026-10-03T12:00:00;C002;1;SKU-3;chaussures;1;89.50;0;web
            S02;T3;2026-10-03T12:00:00;C002;1;SKU-3;chaussures;1;89.50;0;web
            S02;T4;yesterday;C002;1;SKU-3;chaussures;1;89.50;0;web
            S02;T5;2026-10-03T12:00:00;C002;1;SKU-3;chaussures;1;89.50;0
            S02;T6;2026-10-03T12:00:00;C009;1;SKU-3;chaussures;1;89.50;0;drone
            """;

    static Path home;

    @BeforeAll
    static void freshHome() {
        home = HubTestFiles.freshHome("e2e");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MockPartners partners;
    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;
    @Autowired
    io.activationhub.channel.PooledMailSender emailSender;

    @Test
    @Order(1)
    void filesInTheInboxEndAsCustomersTicketsConsentsAndEmails() {
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members-2026-11.csv", LOYALTY);
        HubTestFiles.drop(home.resolve("inbox/pos"), "tickets-2026-11.csv", POS);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(partners.receivedEmails()).hasSize(3));

        // feed runs: every row accounted for
        Map<String, Object> loyalty = jdbc.queryForMap("select * from feed_run where feed_id = 'loyalty'");
        assertThat(loyalty).containsEntry("status", "SUCCEEDED").containsEntry("read_count", 6L)
                .containsEntry("accepted_count", 4L).containsEntry("rejected_count", 1L).containsEntry("duplicate_count", 1L);
        Map<String, Object> pos = jdbc.queryForMap("select * from feed_run where feed_id = 'pos'");
        assertThat(pos).containsEntry("status", "SUCCEEDED").containsEntry("read_count", 8L)
                .containsEntry("accepted_count", 4L).containsEntry("rejected_count", 3L).containsEntry("duplicate_count", 1L);
        assertThat(jdbc.queryForList("select reason from rejected_row order by run_id, line_no", String.class))
                .containsExactlyInAnyOrder("card_number is empty",
                        "ticket_ts is not an ISO-8601 local date-time: 'yesterday'",
                        "expected 11 columns, found 10",
                        "channel must be store or web, found 'drone'");
        Path quarantine = home.resolve((String) pos.get("quarantine_file"));
        assertThat(quarantine).exists();
        assertThat(quarantine).content().contains("8;\"expected 11 columns, found 10\"");

        // customers, identities, tickets linked by card
        assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(4);
        Map<String, Object> delphine = jdbc.queryForMap("""
                select c.* from customer c join customer_identity i on i.customer_id = c.id
                where i.source = 'card' and i.source_key = 'C001'""");
        assertThat(delphine).containsEntry("first_name", "Delphine").containsEntry("last_name", "Pilliard")
                .containsEntry("email", "d.pilliard@example.org").containsEntry("mobile", "+33671423895")
                .containsEntry("phone", "+33141220192");
        Map<String, Object> paul = jdbc.queryForMap("""
                select c.* from customer c join customer_identity i on i.customer_id = c.id
                where i.source = 'card' and i.source_key = 'C002'""");
        assertThat(paul).containsEntry("first_name", "Paul").containsEntry("last_name", "Martin");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from pos_ticket_line where customer_id is not null", Long.class)).isEqualTo(3));

        // consent: Marc opted out of email and gets nothing
        assertThat(jdbc.queryForList("""
                select cc.status from consent_current cc join customer_identity i on i.customer_id = cc.customer_id
                where i.source = 'card' and i.source_key = 'C003' and cc.channel = 'email'""", String.class))
                .containsExactly("denied");

        // emails: personalised, one per consenting member, with one-click unsubscribe headers
        List<Map<String, Object>> mails = partners.receivedEmails();
        assertThat(mails).extracting(m -> (String) ((List<?>) m.get("to")).get(0))
                .containsExactlyInAnyOrder("d.pilliard@example.org", "paul.martin@example.org", "helene.leroy@example.org");
        Map<String, Object> toDelphine = mails.stream()
                .filter(m -> ((List<?>) m.get("to")).contains("d.pilliard@example.org")).findFirst().orElseThrow();
        assertThat(toDelphine.get("subject")).isEqualTo("Bienvenue Delphine !");
        assertThat((String) toDelphine.get("body")).contains("Bonjour Delphine").contains("/u/");
        @SuppressWarnings("unchecked") Map<String, String> headers = (Map<String, String>) toDelphine.get("headers");
        assertThat(headers.get("List-Unsubscribe")).matches("<http://[^>]+/u/[^>]+>, <mailto:[^>]+>");
        assertThat(headers.get("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        // pooled sending: the three messages went one after another on one SMTP connection
        assertThat(emailSender.messagesSent()).isEqualTo(3);
        assertThat(emailSender.connectionsOpened()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForMap(
                "select status, member_count, sent_count from activation where audience_id = 'welcome-loyalty-members'"))
                .containsEntry("status", "COMPLETED").containsEntry("member_count", 3).containsEntry("sent_count", 3));
        assertThat(jdbc.queryForObject("select count(*) from push where status = 'SENT'", Long.class)).isEqualTo(3);
    }

    @Test
    @Order(2)
    void theAdminApiShowsFeedsRunsAndHealth() {
        List<Map<String, Object>> feeds = http.exchange("/api/feeds", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(feeds).extracting(f -> f.get("id")).contains("pos", "loyalty");
        List<Map<String, Object>> runs = http.exchange("/api/feeds/pos/runs", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).containsEntry("status", "SUCCEEDED").containsEntry("read", 8)
                .containsEntry("accepted", 4).containsEntry("rejected", 3).containsEntry("duplicate", 1)
                .containsKeys("id", "startedAt", "endedAt");
        assertThat(http.getForEntity("/api/feeds/nope/runs", Map.class).getStatusCode().value()).isEqualTo(404);

        // what cleaning did to the loyalty run, per field and rule
        long loyaltyRun = jdbc.queryForObject("select id from feed_run where feed_id = 'loyalty'", Long.class);
        Map<?, ?> quality = http.getForObject("/api/feeds/loyalty/runs/" + loyaltyRun + "/quality", Map.class);
        @SuppressWarnings("unchecked") Map<String, Object> totals = (Map<String, Object>) quality.get("totals");
        assertThat(totals).containsKeys("email", "mobile");
        assertThat(((Map<?, ?>) totals.get("email")).get("corrected")).isNotNull();
        assertThat((List<?>) quality.get("detail")).isNotEmpty();
        assertThat(http.getForEntity("/api/feeds/pos/runs/" + loyaltyRun + "/quality", Map.class).getStatusCode().value())
                .isEqualTo(404);
        assertThat(http.getForObject("/actuator/health", Map.class)).containsEntry("status", "UP");
    }

    @Test
    @Order(3)
    void theSameFileDroppedAgainIsRecordedAsDuplicateAndNotIngestedTwice() {
        long lines = jdbc.queryForObject("select count(*) from pos_ticket_line", Long.class);
        HubTestFiles.drop(home.resolve("inbox/pos"), "tickets-2026-11-resent.csv", POS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select status from feed_run where feed_id = 'pos' order by id", String.class))
                .containsExactly("SUCCEEDED", "DUPLICATE_FILE"));
        assertThat(jdbc.queryForObject("select count(*) from pos_ticket_line", Long.class)).isEqualTo(lines);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fileNames(home.resolve("inbox/pos/done")))
                .anyMatch(n -> n.endsWith("tickets-2026-11-resent.csv")));
    }

    @Test
    @Order(4)
    void aFileWithoutTheExpectedHeaderFailsClearlyAndMovesToFailed() {
        HubTestFiles.drop(home.resolve("inbox/pos"), "wrong.csv", "a;b;c\n1;2;3\n");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fileNames(home.resolve("inbox/pos/failed")))
                .anyMatch(n -> n.endsWith("wrong.csv")));
        Map<String, Object> run = jdbc.queryForMap(
                "select status, error from feed_run where feed_id = 'pos' and source_name = 'wrong.csv'");
        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).contains("header lacks column(s) [store_id, ticket_id");
    }

    @Test
    @Order(5)
    void aBrokenRouteFileIsRefusedAndTheRunningRouteKeepsRunning() throws Exception {
        Path file = home.resolve("routes/pos-feed.camel.yaml");
        String good = Files.readString(file);
        Files.writeString(file, good.replace("steps:", "steps:\n   - this is: [not valid"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<?, ?> routes = http.getForObject("/api/routes", Map.class);
            List<?> files = (List<?>) routes.get("files");
            Map<?, ?> pos = (Map<?, ?>) files.stream().filter(f -> "pos-feed.camel.yaml".equals(((Map<?, ?>) f).get("file")))
                    .findFirst().orElseThrow();
            assertThat(pos.get("status")).isEqualTo("ERROR");
            assertThat((String) pos.get("error")).startsWith("refused, not loaded");
        });
        assertThat(camel.getRouteController().getRouteStatus("pos-feed")).isEqualTo(ServiceStatus.Started);

        // a route without an id is refused too
        Files.writeString(file, good.replace("    id: pos-feed\n", ""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(routeFileError("pos-feed.camel.yaml"))
                .contains("every route needs an explicit id"));
        assertThat(camel.getRouteController().getRouteStatus("pos-feed")).isEqualTo(ServiceStatus.Started);

        // a valid change replaces the route
        Files.writeString(file, good.replace("Till (POS) exports from inbox/pos into pos_ticket_line",
                "POS exports (edited)"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            org.apache.camel.Route route = camel.getRoute("pos-feed");
            assertThat(route).isNotNull();
            assertThat(route.getDescription()).isEqualTo("POS exports (edited)");
        });
        // the replaced route's connector went with it: one consumer of the folder, not two
        assertThat(camel.getRoutes()).filteredOn(r -> r.getEndpoint().getEndpointUri().startsWith("file:")
                && r.getEndpoint().getEndpointUri().contains("/inbox/pos?")).hasSize(1);
        assertThat(routeFileError("pos-feed.camel.yaml")).isNull();
        assertThat(camel.getRouteController().getRouteStatus("pos-feed")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    @Order(6)
    void identitiesAndCustomersExportAsCsvWithFormulasNeutralised() {
        jdbc.update("update customer set last_name = '=HYPERLINK(\"http://x\")' where email = 'marc.dubois@example.org'");
        String identities = http.getForObject("/api/identities", String.class);
        List<String> lines = identities.lines().toList();
        assertThat(lines.get(0)).isEqualTo("source;source_key;customer_id");
        assertThat(lines).anyMatch(l -> l.startsWith("card;C001;"));
        assertThat(lines).anyMatch(l -> l.startsWith("email;d.pilliard@example.org;"));
        assertThat(lines).anyMatch(l -> l.startsWith("mobile;+33671423895;"));
        assertThat(lines).hasSize(1 + jdbc.queryForObject("select count(*) from customer_identity", Integer.class));

        String customers = http.getForObject("/api/customers/export", String.class);
        assertThat(customers.lines().findFirst().orElseThrow())
                .startsWith("customer_id;civility;first_name;last_name;email;mobile;");
        assertThat(customers).contains("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(customers.lines()).hasSize(1 + jdbc.queryForObject("select count(*) from customer", Integer.class));
    }

    private String routeFileError(String name) {
        Map<?, ?> routes = http.getForObject("/api/routes", Map.class);
        Map<?, ?> file = ((List<?>) routes.get("files")).stream().map(f -> (Map<?, ?>) f)
                .filter(f -> name.equals(f.get("file"))).findFirst().orElseThrow();
        return (String) file.get("error");
    }

    private static List<String> fileNames(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
