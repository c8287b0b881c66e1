package io.activationhub.privacy;

import io.activationhub.EndToEndTest;
import io.activationhub.HubTestFiles;
import io.activationhub.mock.MockPartners;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consent enforced at push time, erasure that leaves no trace, export of everything held on a person. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/privacy",
        "hub.routes-dir=target/test-hubs/privacy/routes",
        "hub.audiences-dir=target/test-hubs/privacy/audiences"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivacyTest {

    static Path home;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Autowired
    MockPartners partners;
    @Autowired
    PersonalDataEraser eraser;
    @Autowired
    io.activationhub.feed.FeedRunLedger ledger;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @BeforeAll
    static void freshHome() {
        home = HubTestFiles.freshHome("privacy");
    }

    private long customerOfCard(String card) {
        return jdbc.queryForObject("select customer_id from customer_identity where source = 'card' and source_key = ?",
                Long.class, card);
    }

    @Test
    @Order(1)
    void anExportHoldsEveryFieldTheHubKeepsAboutThePerson() {
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members.csv", EndToEndTest.LOYALTY);
        HubTestFiles.drop(home.resolve("inbox/pos"), "tickets.csv", EndToEndTest.POS);
        await().atMost(Duration.ofSeconds(60)).until(() -> partners.receivedEmails().size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from pos_ticket_line where customer_id is not null", Long.class) == 3);
        long delphine = customerOfCard("C001");
        // a line stored before V70 that disagreed with its ticket, kept as it was (erasure unlinks it too, see below)
        jdbc.update("""
                insert into pos_ticket_line_disagreeing (store_id, ticket_id, line_no, ticket_ts, card_number, sku, quantity,
                                                         unit_price, discount, channel, run_id, customer_id)
                values ('S01', 'T-OLD', 2, now(), 'C001', 'SKU-OLD', 1, 5, 0, 'store', 0, ?)""", delphine);
        Map<?, ?> export = http.getForObject("/api/privacy/export/" + delphine, Map.class);
        Map<?, ?> customer = (Map<?, ?>) export.get("customer");
        // every column of the customer row is there
        List<String> columns = jdbc.queryForList("select column_name from information_schema.columns where table_name = 'customer'",
                String.class);
        assertThat(customer.keySet().stream().map(Object::toString).toList()).containsAll(columns);
        assertThat(customer.get("email")).isEqualTo("d.pilliard@example.org");
        assertThat((List<?>) export.get("identities")).hasSize(3);
        assertThat((List<?>) export.get("purchases")).hasSize(2);
        assertThat((List<?>) export.get("purchaseLinesAsFirstStored")).hasSize(1);
        assertThat((List<?>) export.get("consentHistory")).hasSize(3);
        assertThat((List<?>) export.get("loyaltyRecords")).hasSize(1);
        assertThat((List<?>) export.get("messagesSent")).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'export'", Long.class)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aWithdrawnEmailConsentKeepsTheCustomerOutOfTheNextEmailPush() {
        long paul = customerOfCard("C002");
        jdbc.update("""
                insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                values (?, 'email', 'withdrawn', 'consent', 'customer-service', 'call ticket 42', now())""", paul);
        // make everyone eligible again, then run the audience by hand
        jdbc.update("update push set status = 'FAILED' where audience_id = 'welcome-loyalty-members'");
        partners.forgetEmails();
        Map<?, ?> result = http.postForObject("/api/audiences/welcome-loyalty-members/activations", null, Map.class);
        assertThat(result.get("members")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> partners.receivedEmails().size() == 2);
        assertThat(partners.receivedEmails()).extracting(m -> (String) ((List<?>) m.get("to")).get(0))
                .containsExactlyInAnyOrder("d.pilliard@example.org", "helene.leroy@example.org");
    }

    @Test
    @Order(3)
    void anErasedCustomerLeavesNoTraceInTheDatabaseAndIsNeverMarketableAgain() {
        long delphine = customerOfCard("C001");
        // a push keeps the key of the address a letter went to (PND returns): it goes with the rest
        assertThat(jdbc.update("update push set address_hash = 'key-of-delphines-address' where customer_id = ?",
                delphine)).isPositive();
        Map<?, ?> result = http.postForObject("/api/privacy/erasure", Map.of("email", "D.Pilliard@example.org"), Map.class);
        assertThat(result.get("erased")).isEqualTo(1);
        List<?> reports = (List<?>) result.get("reports");
        assertThat(((Map<?, ?>) ((Map<?, ?>) reports.get(0)).get("rows")).get("customer")).isEqualTo(1);

        for (String trace : List.of("pilliard", "delphine", "+33671423895", "671423895", "+33141220192", "C001", "desfeux")) {
            assertThat(rowsContaining(trace)).as("rows still containing '%s'", trace).isEmpty();
        }
        assertThat(jdbc.queryForObject("select count(*) from customer where id = ?", Long.class, delphine)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from push where address_hash = 'key-of-delphines-address'",
                Long.class)).isZero();
        // nothing keyed by the erased customer's id remains either, in any table that has a customer_id
        for (String table : jdbc.queryForList("select c.table_name from information_schema.columns c "
                + "join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema "
                + "where c.table_schema = 'public' and c.column_name = 'customer_id' and t.table_type = 'BASE TABLE'",
                String.class)) {
            assertThat(jdbc.queryForObject("select count(*) from \"" + table + "\" where customer_id = ?", Long.class,
                    delphine)).as("rows of %s still keyed by the erased customer", table).isZero();
        }
        assertThat(jdbc.queryForObject("select count(*) from pos_ticket_line where ticket_id = 'T1'", Long.class))
                .as("sales lines are kept for the accounts, unlinked").isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'erasure'", Long.class)).isEqualTo(1);
        assertThat(http.postForEntity("/api/privacy/erasure", Map.of("email", "D.Pilliard@example.org"), Map.class)
                .getStatusCode().value()).isEqualTo(404);

        // the same person comes back in a later file: recreated, but never marketable
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members-again.csv", EndToEndTest.LOYALTY.replace("C004;S03", "C005;S03"));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from customer_identity where source = 'card' and source_key = 'C001'", Long.class) == 1);
        long back = customerOfCard("C001");
        assertThat(jdbc.queryForList("select channel || ':' || status from consent_current where customer_id = ?",
                String.class, back)).containsExactlyInAnyOrder("email:denied", "sms:denied", "postal:denied", "ads:denied");
    }

    @Test
    @Order(4)
    void erasureRequestsAreValidated() {
        assertThat(http.postForEntity("/api/privacy/erasure", Map.of("email", "a@b.c", "phone", "0612345678"), Map.class)
                .getStatusCode().value()).isEqualTo(400);
        assertThat(http.postForEntity("/api/privacy/erasure", Map.of("nickname", "x"), Map.class)
                .getStatusCode().value()).isEqualTo(400);
        assertThat(http.postForEntity("/api/privacy/erasure", Map.of("phone", "not a phone"), Map.class)
                .getStatusCode().value()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void customersErasedTogetherLeaveNothingAndAreEachReportedAndAuditedAsIfAlone() {
        long paul = customerOfCard("C002");
        long marc = customerOfCard("C003");
        long helene = customerOfCard("C004");
        for (Object[] draw : new Object[][]{{"spring", paul}, {"summer", paul}, {"spring", marc}, {"spring", helene}}) {
            jdbc.update("insert into campaign_control (campaign_id, customer_id, held_out, draw, share) "
                    + "values (?, ?, false, 0.5, 0.1)", draw);
        }
        List<String> tables = tablesWithCustomerId();
        Map<String, Long> paulBefore = rowsKeyedBy(paul, tables);
        Map<String, Long> marcBefore = rowsKeyedBy(marc, tables);
        Map<String, Long> heleneBefore = rowsKeyedBy(helene, tables);
        assertThat(paulBefore).containsEntry("loyalty_member", 1L).containsEntry("campaign_control", 2L);
        long audits = jdbc.queryForObject("select count(*) from audit_event where action = 'erasure'", Long.class);

        // batches of two: Paul and a customer who no longer exists (skipped), then Marc
        List<PersonalDataEraser.Report> reports = eraser.eraseAll(List.of(paul, -1L, marc), "test", "retention", 2);

        assertThat(reports).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Map<String, Long> before = i == 0 ? paulBefore : marcBefore;
            Map<String, Integer> rows = reports.get(i).rows();
            assertThat(rows.get("customer")).isEqualTo(1);
            for (String table : List.of("consent_event", "loyalty_member", "customer_identity", "identity_link",
                    "customer_match_key", "campaign_control")) {
                assertThat(rows.get(table).longValue()).as("%s of report %d", table, i).isEqualTo(before.get(table));
            }
        }
        assertThat(reports.get(0).subjectHash()).isNotEqualTo(reports.get(1).subjectHash());
        assertThat(rowsKeyedBy(paul, tables).values()).allMatch(n -> n == 0);
        assertThat(rowsKeyedBy(marc, tables).values()).allMatch(n -> n == 0);
        assertThat(rowsKeyedBy(helene, tables)).as("a customer not erased keeps everything").isEqualTo(heleneBefore);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'erasure'", Long.class))
                .isEqualTo(audits + 2);
        for (String trace : List.of("paul.martin", "marc.dubois", "+33698765432", "C002", "C003")) {
            assertThat(rowsContaining(trace)).as("rows still containing '%s'", trace).isEmpty();
        }
        assertThat(jdbc.queryForObject("select count(*) from erasure_tombstone where identifier_hash = ?", Long.class,
                io.activationhub.privacy.Identifiers.tombstone("email", "marc.dubois@example.org"))).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aPurgeBatchWaitsForTheReconciliationRunningAndThenErases() throws Exception {
        long helene = customerOfCard("C004");
        org.springframework.transaction.support.TransactionTemplate run =
                new org.springframework.transaction.support.TransactionTemplate(transactions);
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // a reconciliation run in progress: the cluster-wide lock held by another transaction
        Thread reconciliation = new Thread(() -> run.executeWithoutResult(status -> {
            ledger.lockReconciliation();
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        reconciliation.start();
        assertThat(locked.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        java.util.concurrent.CompletableFuture<List<PersonalDataEraser.Report>> purge =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> eraser.eraseAll(List.of(helene), "test", "retention"));
        Thread.sleep(1_000);
        assertThat(purge).as("waits while the run holds the lock").isNotDone();
        assertThat(jdbc.queryForObject("select count(*) from customer where id = ?", Long.class, helene)).isEqualTo(1);
        release.countDown();
        reconciliation.join(30_000);
        assertThat(purge.get(30, java.util.concurrent.TimeUnit.SECONDS)).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from customer where id = ?", Long.class, helene)).isZero();
    }

    private List<String> tablesWithCustomerId() {
        return jdbc.queryForList("select c.table_name from information_schema.columns c "
                + "join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema "
                + "where c.table_schema = 'public' and c.column_name = 'customer_id' and t.table_type = 'BASE TABLE' "
                + "order by 1", String.class);
    }

    private Map<String, Long> rowsKeyedBy(long customerId, List<String> tables) {
        Map<String, Long> rows = new java.util.TreeMap<>();
        for (String table : tables) {
            rows.put(table, jdbc.queryForObject("select count(*) from \"" + table + "\" where customer_id = ?",
                    Long.class, customerId));
        }
        return rows;
    }

    /** Every table and text column of the schema holding the value (case-insensitive). */
    private List<String> rowsContaining(String value) {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
                where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                  and c.data_type in ('text', 'character varying', 'json', 'jsonb')
                  and c.table_name not like 'flyway%'""");
        return columns.stream().filter(c -> jdbc.queryForObject(
                        "select count(*) from \"" + c.get("table_name") + "\" where \"" + c.get("column_name")
                                + "\"::text ilike ?", Long.class, "%" + value + "%") > 0)
                .map(c -> c.get("table_name") + "." + c.get("column_name")).toList();
    }
}
