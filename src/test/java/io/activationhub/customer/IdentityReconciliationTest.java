package io.activationhub.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.HubTestFiles;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Identity resolution in the real reconciliation (embedded PostgreSQL and Kafka, files through the inbox): a second
 * loyalty file is matched against the customers of the first without sharing a card, email or mobile with them; the
 * issue's Pilliard pair becomes one customer with its golden record derived by survivorship, a household stays two
 * customers with one household id, namesakes in other towns stay apart; every link is explained, an unmerge
 * detaches a record with its tickets and identities, and the CSV exports show the result.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/identity-wiring",
        "hub.routes-dir=target/test-hubs/identity-wiring/routes",
        "hub.audiences-dir=target/test-hubs/identity-wiring/audiences"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityReconciliationTest {

    private static final String HEADER = "card_number;store_id;enrolled_at;civility;first_name;last_name;contact;"
            + "birth_date;email;phone;mobile;address_line1;address_line2;address_line3;address_line4;postcode;city;"
            + "country;optin_email;optin_sms;optin_postal\n";

    private static final String FIRST = HEADER + """
            L101;S01;2024-01-10;;;;D.pilliard;;;;;4, av Desfeux;;;;92100;Boulogne;FR;;;1
            L201;S02;2024-01-10;Mme;Sophie;Garnier;;12/05/1970;sophie.garnier@example.org;04 78 00 00 01;;10 rue des Lilas;;;;69003;Lyon;FR;1;0;1
            L301;S03;2024-01-10;M;Jean;Moreau;;;jean.moreau@example.org;;;12 rue de la Paix;;;;75002;Paris;FR;1;0;1
            """;

    private static final String SECOND = HEADER + """
            L102;S01;2025-06-01;Mme;Delphine;Pilliard;;;delphine.pilliard@example.org;;06 11 22 33 44;rue Desfeux;;;;92100;Boulogne Billancourt;FR;1;1;1
            L202;S02;2025-06-01;M;Paul;Garnier;;03/09/1968;paul.garnier@example.org;04 78 00 00 01;;10 rue des Lilas;;;;69003;Lyon;FR;0;0;1
            L302;S04;2025-06-01;M;Jean;Moreau;;;jmoreau@example.net;;;8 rue Nationale;;;;59000;Lille;FR;1;0;1
            """;

    private static final String TICKETS = """
            store_id;ticket_id;ticket_ts;card_number;line_no;sku;category;quantity;unit_price;discount;channel
            S01;IT1;2026-10-01T10:15:00;L102;1;SKU-1;robes;1;59.90;0;store
            S01;IT2;2026-10-05T10:15:00;L101;1;SKU-2;robes;1;19.90;0;store
            """;

    static Path home;

    @BeforeAll
    static void freshHome() {
        home = HubTestFiles.freshHome("identity-wiring");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @LocalServerPort
    int port;

    private long customerOfCard(String card) {
        return jdbc.queryForObject("select customer_id from customer_identity where source = 'card' and source_key = ?",
                Long.class, card);
    }

    private Map<?, ?> customer(long id) {
        return http.getForObject("/api/customers/" + id, Map.class);
    }

    @Test
    @Order(1)
    void aNewFileIsMatchedAgainstExistingCustomers() {
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members-1.csv", FIRST);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from loyalty_member where customer_id is not null", Long.class) == 3);
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members-2.csv", SECOND);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from loyalty_member where customer_id is not null", Long.class) == 6);
        HubTestFiles.drop(home.resolve("inbox/pos"), "tickets-identity.csv", TICKETS);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from pos_ticket_line where customer_id is not null", Long.class) == 2);

        assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(5);

        // the pair: one person, no shared card, email or mobile
        long delphine = customerOfCard("L101");
        assertThat(customerOfCard("L102")).isEqualTo(delphine);
        Map<?, ?> d = customer(delphine);
        assertThat(d.get("first_name")).isEqualTo("Delphine");
        assertThat(d.get("last_name")).isEqualTo("Pilliard");
        assertThat(d.get("address_line4")).isEqualTo("4 AV DESFEUX");
        assertThat(d.get("email")).isEqualTo("delphine.pilliard@example.org");
        List<?> links = (List<?>) d.get("links");
        assertThat(links).hasSize(2);
        Map<?, ?> probabilistic = (Map<?, ?>) links.get(1);
        assertThat(probabilistic.get("source")).isEqualTo("loyalty");
        assertThat(probabilistic.get("source_key")).isEqualTo("L102");
        assertThat(probabilistic.get("rule")).isEqualTo("probabilistic");
        assertThat(((Number) probabilistic.get("score")).doubleValue()).isGreaterThanOrEqualTo(0.9);
        assertThat(((Map<?, ?>) probabilistic.get("fields")).keySet().stream().map(Object::toString).toList())
                .contains("first_name", "last_name", "street", "postcode", "city");
        assertThat(((Map<?, ?>) links.get(0)).get("rule")).isEqualTo("new customer");
        assertThat(http.getForObject("/api/customers/" + delphine + "/links", List.class)).hasSize(2);
        assertThat(jdbc.queryForObject("select count(*) from pos_ticket_line where customer_id = ?", Long.class, delphine))
                .isEqualTo(2);

        // a household: two customers, one household id
        long sophie = customerOfCard("L201");
        long paul = customerOfCard("L202");
        assertThat(paul).isNotEqualTo(sophie);
        Object household = ((Map<?, ?>) customer(sophie).get("household")).get("id");
        assertThat(((Map<?, ?>) customer(paul).get("household")).get("id")).isEqualTo(household);
        assertThat((List<?>) ((Map<?, ?>) customer(paul).get("household")).get("customers")).hasSize(2);
        assertThat(((Map<?, ?>) customer(delphine).get("household")).get("id")).isNotEqualTo(household);

        // namesakes in other towns: two people, two homes
        long paris = customerOfCard("L301");
        long lille = customerOfCard("L302");
        assertThat(lille).isNotEqualTo(paris);
        assertThat(((Map<?, ?>) customer(lille).get("household")).get("id"))
                .isNotEqualTo(((Map<?, ?>) customer(paris).get("household")).get("id"));
        assertThat(((Map<?, ?>) ((List<?>) customer(lille).get("links")).get(0)).get("rule")).isEqualTo("new customer");
    }

    @Test
    @Order(2)
    void anUnmergeDetachesTheRecordWithItsTicketsAndIdentities() throws Exception {
        long delphine = customerOfCard("L101");
        String body = "{\"source\":\"loyalty\",\"sourceKey\":\"L102\"}";
        assertThat(post("/api/customers/" + delphine + "/unmerge", "viewer", "test-viewer", body).statusCode()).isEqualTo(403);
        HttpResponse<String> response = post("/api/customers/" + delphine + "/unmerge", "integrator", "test-integrator", body);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<?, ?> result = new ObjectMapper().readValue(response.body(), Map.class);
        long detached = ((Number) result.get("newCustomerId")).longValue();
        assertThat(detached).isNotEqualTo(delphine);
        assertThat(((List<?>) result.get("identitiesMoved")).stream().map(Object::toString).toList())
                .containsExactlyInAnyOrder("card", "email", "mobile");
        assertThat(result.get("ticketLinesMoved")).isEqualTo(1);

        assertThat(customerOfCard("L102")).isEqualTo(detached);
        assertThat(customerOfCard("L101")).isEqualTo(delphine);
        Map<?, ?> before = customer(delphine);
        // "D.pilliard" alone: the initial as given (a letter can be addressed "Mme D. Pilliard"), the surname and the
        // numbered address are the record's
        assertThat(before.get("first_name")).isEqualTo("D.");
        assertThat(before.get("last_name")).isEqualTo("Pilliard");
        assertThat(before.get("address_line4")).isEqualTo("4 AV DESFEUX");
        assertThat(before.get("email")).isNull();
        assertThat((List<?>) before.get("links")).hasSize(1);
        Map<?, ?> after = customer(detached);
        assertThat(after.get("first_name")).isEqualTo("Delphine");
        assertThat(after.get("email")).isEqualTo("delphine.pilliard@example.org");
        assertThat(after.get("address_line4")).isEqualTo("RUE DESFEUX");
        assertThat(((Map<?, ?>) ((List<?>) after.get("links")).get(0)).get("rule")).isEqualTo("unmerged (was probabilistic)");
        assertThat((List<?>) after.get("consents")).hasSize(3);
        assertThat(jdbc.queryForObject("select count(*) from pos_ticket_line where customer_id = ?", Long.class, detached))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from loyalty_member where customer_id = ?", Long.class, detached))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'customer.unmerge' and actor = 'integrator'",
                Long.class)).isEqualTo(1);
        // nothing is lost: six source records, six cards
        assertThat(jdbc.queryForObject("select count(*) from identity_link", Long.class)).isEqualTo(6);
        assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(6);
        // a record with a single source record cannot be unmerged
        assertThat(post("/api/customers/" + detached + "/unmerge", "admin", "test-admin", body).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void identitiesAndCustomersExportAsCsv() {
        jdbc.update("update customer set city = '@SUM(A1:A2)' where id = ?", customerOfCard("L302"));
        List<String> identities = http.getForObject("/api/identities", String.class).lines().toList();
        assertThat(identities.get(0)).isEqualTo("source;source_key;customer_id");
        assertThat(identities).contains("card;L102;" + customerOfCard("L102"), "card;L101;" + customerOfCard("L101"),
                "email;sophie.garnier@example.org;" + customerOfCard("L201"));
        assertThat(identities).hasSize(1 + jdbc.queryForObject("select count(*) from customer_identity", Integer.class));

        List<String> customers = http.getForObject("/api/customers/export", String.class).lines().toList();
        assertThat(customers.get(0)).startsWith("customer_id;civility;first_name;last_name;email;mobile;postcode;city;");
        assertThat(customers).hasSize(1 + 6);
        assertThat(customers).anyMatch(l -> l.startsWith(customerOfCard("L102") + ";MME;Delphine;Pilliard;delphine.pilliard@example.org;+33611223344;92100;"));
        assertThat(customers).anyMatch(l -> l.contains(";'@SUM(A1:A2);"));
    }

    private HttpResponse<String> post(String path, String user, String password, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
