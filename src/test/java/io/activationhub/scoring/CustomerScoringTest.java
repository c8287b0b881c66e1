package io.activationhub.scoring;

import io.activationhub.HubTestFiles;
import io.activationhub.audience.AudienceDefinition;
import io.activationhub.audience.AudienceQuery;
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
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Scoring on the real store with a small data set written so that every segment rule, the RFM tie rule, the traits
 * and the migration matrix have hand-computed expectations (defaults: window 365 days, quintiles, new 90, recent 90,
 * lapse 180, inactive 365, best 4, loyal 3 tickets, at_risk 2 tickets).
 * <p>
 * Run 1 as of 2026-06-01: window from 2025-06-01, recent from 2026-03-03, gap [2025-09-04, 2026-03-03), new from
 * 2026-03-03, inactive before 2025-06-01. Run 2 as of 2026-09-01 after a second feed run: window from 2025-09-01,
 * recent from 2026-06-03, gap [2025-12-05, 2026-06-03), new from 2026-06-03, inactive before 2025-09-01.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/scoring",
        "hub.routes-dir=target/test-hubs/scoring/routes",
        "hub.audiences-dir=target/test-hubs/scoring/audiences",
        "hub.control-groups.shares.spring-test=0.5",
        "hub.control-groups.shares.welcome-loyalty-members=0.5"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// its own hub home: no other test class can reuse this context, so it is closed as soon as the class is done
@DirtiesContext
class CustomerScoringTest {

    static final LocalDate RUN1 = LocalDate.parse("2026-06-01");
    static final LocalDate RUN2 = LocalDate.parse("2026-09-01");

    @BeforeAll
    static void freshHome() {
        HubTestFiles.freshHome("scoring");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    NamedParameterJdbcTemplate named;
    @Autowired
    CustomerScoring scoring;
    @Autowired
    CampaignControlGroups controlGroups;
    @Autowired
    io.activationhub.audience.AudienceActivation audiences;
    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;

    static long run1;
    static long run2;

    @Test
    @Order(1)
    void everySegmentRuleAndTheRfmScoresMatchTheHandComputedOnes() {
        for (long id = 101; id <= 112; id++) {
            jdbc.update("insert into customer (id, first_name, email) values (?, ?, ?)", id, "C" + id, "c" + id + "@example.org");
        }
        jdbc.update("insert into feed (id, kind) values ('pos', 'pos') on conflict do nothing");
        long feedRun = feedRun();
        // 101 inactive: nothing since 2025-03-05 (< 2025-06-01)
        ticket(feedRun, 101, "S1", "A1", "2025-01-10T10:00", "store", line("robes", 40, 0));
        ticket(feedRun, 101, "S1", "A2", "2025-03-05T10:00", "store", line("robes", 40, 0));
        // 102 new: first purchase 2026-05-20 (>= 2026-03-03); web only
        ticket(feedRun, 102, "WEB", "B1", "2026-05-20T20:00", "web", line("manteaux", 500, 0));
        ticket(feedRun, 102, "WEB", "B2", "2026-05-25T20:00", "web", line("manteaux", 500, 0));
        // 103 reactivated: bought 2025-03-01, nothing in the gap, 3 recent tickets (would be loyal otherwise)
        ticket(feedRun, 103, "S2", "C1", "2025-03-01T11:00", "store", line("chaussures", 80, 0));
        ticket(feedRun, 103, "S2", "C2", "2026-04-15T11:00", "store", line("chaussures", 30, 0));
        ticket(feedRun, 103, "S2", "C3", "2026-04-25T11:00", "store", line("chaussures", 30, 0));
        ticket(feedRun, 103, "S2", "C4", "2026-05-05T11:00", "store", line("chaussures", 30, 0));
        // 104 best: 6 tickets of 150 + (60 - 10) = 200, one discounted line of two each
        String[] days104 = {"2025-07-05", "2025-10-10", "2025-12-12", "2026-02-14", "2026-04-04", "2026-05-10"};
        for (int i = 0; i < days104.length; i++) {
            ticket(feedRun, 104, "S1", "D" + (i + 1), days104[i] + "T15:00", "store", line("robes", 150, 0),
                    line("accessoires", 60, 10));
        }
        // 105 loyal: 4 tickets of 10, three in S1
        ticket(feedRun, 105, "S1", "E1", "2025-08-01T09:00", "store", line("lingerie", 10, 0));
        ticket(feedRun, 105, "S1", "E2", "2025-11-01T09:00", "store", line("lingerie", 10, 0));
        ticket(feedRun, 105, "S2", "E3", "2026-02-01T09:00", "store", line("lingerie", 10, 0));
        ticket(feedRun, 105, "S1", "E4", "2026-05-01T09:00", "store", line("lingerie", 10, 0));
        // 106 at_risk: 3 tickets, the last 2026-01-15 (not recent)
        ticket(feedRun, 106, "S3", "F1", "2025-08-15T12:00", "store", line("robes", 50, 0));
        ticket(feedRun, 106, "S3", "F2", "2025-11-15T12:00", "store", line("robes", 50, 0));
        ticket(feedRun, 106, "S3", "F3", "2026-01-15T12:00", "store", line("robes", 50, 0));
        // 107 occasional: recent but 2 tickets (10 + 5, then 10 + (5 - 5) + 0 = 25), one in the gap; store and web
        ticket(feedRun, 107, "S1", "G1", "2025-12-01T10:00", "store", line("robes", 10, 0), line("robes", 5, 0));
        ticket(feedRun, 107, "WEB", "G2", "2026-04-20T10:00", "web", line("pulls", 10, 0), line("pulls", 5, 5),
                line("pulls", 0, 0));
        // 108 and 109 occasional: one old ticket each, not recent
        ticket(feedRun, 108, "S2", "H1", "2025-10-01T10:00", "store", line("robes", 25, 0));
        ticket(feedRun, 109, "S3", "I1", "2025-11-20T10:00", "store", line("robes", 25, 0));
        // an anonymous ticket counts for nobody; 110 and 111 never bought
        insertTicket(feedRun, null, "S1", "K1", "2026-05-01T10:00", "store", line("robes", 999, 0));

        CustomerScoring.Outcome outcome = scoring.run("test", RUN1, false);
        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(outcome.factRefresh()).isEqualTo("FULL");
        assertThat(outcome.customers()).isEqualTo(9);
        run1 = outcome.runId();

        // R = days since the last purchase, F = tickets since 2025-06-01, M = their revenue. Among the 8 buyers of the
        // window, ntile(5) makes buckets of 2, 2, 2, 1, 1; equal values share their lowest bucket: M = 25 for 107, 108
        // and 109 sits at positions 1-3, ntile 1, 1, 2, so all three score 1.
        assertThat(scores(run1)).containsExactlyInAnyOrderEntriesOf(Map.of(
                101L, "inactive R453 F0 M0.00 rfm000",
                102L, "new R7 F2 M1000.00 rfm524",
                103L, "reactivated R27 F3 M90.00 rfm333",
                104L, "best R22 F6 M1200.00 rfm455",
                105L, "loyal R31 F4 M40.00 rfm342",
                106L, "at_risk R137 F3 M150.00 rfm233",
                107L, "occasional R42 F2 M25.00 rfm221",
                108L, "occasional R243 F1 M25.00 rfm111",
                109L, "occasional R193 F1 M25.00 rfm111"));
        Map<String, Object> run = jdbc.queryForMap("select * from scoring_run where id = ?", run1);
        assertThat(run).containsEntry("status", "SUCCEEDED").containsEntry("customer_count", 9L);
        // the top 20% of the 8 buyers (ceil(1.6) = 2: 104 and 102) make 2200 of 2555
        assertThat((BigDecimal) run.get("top_revenue_share")).isEqualByComparingTo("0.8611");
        assertThat(jdbc.queryForList("select customer_id from customer_score where run_id = ? and top_customer order by 1",
                Long.class, run1)).containsExactly(102L, 104L);
    }

    @Test
    @Order(2)
    void traitsDescribeHowEachCustomerBuys() {
        Map<Long, Map<String, Object>> t = new HashMap<>();
        jdbc.queryForList("""
                select customer_id, promo_share, price_profile, array_to_string(top_categories, ',') as categories,
                       preferred_store_id, preferred_channel
                from customer_score where run_id = ?""", run1).forEach(r -> t.put((Long) r.get("customer_id"), r));
        // 104: 6 of 12 lines discounted; robes 900 before accessoires 300
        assertThat(t.get(104L)).containsEntry("price_profile", "promo_driven").containsEntry("categories", "robes,accessoires")
                .containsEntry("preferred_store_id", "S1").containsEntry("preferred_channel", "store");
        assertThat((BigDecimal) t.get(104L).get("promo_share")).isEqualByComparingTo("0.5");
        // 105: no discount, 3 tickets in S1 and 1 in S2
        assertThat(t.get(105L)).containsEntry("price_profile", "full_price").containsEntry("preferred_store_id", "S1")
                .containsEntry("categories", "lingerie");
        // 107: 1 of 5 lines discounted (0.2: neither >= 0.5 nor <= 0.1); robes 15 before pulls 10; in store and on the web
        assertThat(t.get(107L)).containsEntry("price_profile", "mixed").containsEntry("categories", "robes,pulls")
                .containsEntry("preferred_channel", "mixed").containsEntry("preferred_store_id", "S1");
        // 102 only bought on the web: no preferred store
        assertThat(t.get(102L)).containsEntry("preferred_channel", "web").containsEntry("preferred_store_id", null);
    }

    @Test
    @Order(3)
    void churnAndLifetimeValueComeFromModelsFittedOnTheData() {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select customer_id, purchase_days, p_alive, churn_probability, expected_purchases_12m, expected_order_value,
                       clv_12m
                from customer_score where run_id = ?""", run1);
        for (Map<String, Object> r : rows) {
            double alive = (Double) r.get("p_alive");
            double churn = (Double) r.get("churn_probability");
            double expected = (Double) r.get("expected_purchases_12m");
            assertThat(alive).isBetween(0.0, 1.0);
            assertThat(churn).isBetween(0.0, 1.0);
            assertThat(expected).isGreaterThanOrEqualTo(0.0);
            // clv = expected purchases x expected order value (rounded to cents)
            assertThat(((BigDecimal) r.get("clv_12m")).doubleValue()).isCloseTo(
                    expected * ((BigDecimal) r.get("expected_order_value")).doubleValue(), within(0.05));
        }
        Map<String, Object> model = named.queryForMap("select model::text as m from scoring_run where id = :id",
                Map.of("id", run1));
        assertThat((String) model.get("m")).contains("\"bgnbd\"").contains("\"r\"").contains("\"alpha\"");
        // a one-day buyer's P(alive) is 1 by construction (BG/NBD), a repeat buyer long silent is less likely alive
        Map<Long, Double> alive = new HashMap<>();
        rows.forEach(r -> alive.put((Long) r.get("customer_id"), (Double) r.get("p_alive")));
        assertThat(alive.get(108L)).isEqualTo(1.0);
        assertThat(alive.get(101L)).isLessThan(alive.get(104L));
    }

    @Test
    @Order(4)
    void aSecondRunFoldsInOnlyTheNewTicketsAndTheMigrationMatrixShowsTheMovements() {
        long feedRun = feedRun();
        ticket(feedRun, 102, "WEB", "B3", "2026-08-10T20:00", "web", line("manteaux", 500, 0));
        ticket(feedRun, 105, "S1", "E5", "2026-07-01T09:00", "store", line("lingerie", 10, 0));
        ticket(feedRun, 105, "S1", "E6", "2026-08-01T09:00", "store", line("lingerie", 10, 0));
        ticket(feedRun, 112, "S1", "J1", "2026-08-01T10:00", "store", line("robes", 70, 0));

        CustomerScoring.Outcome outcome = scoring.run("test", RUN2, false);
        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(outcome.factRefresh()).isEqualTo("INCREMENTAL");
        assertThat(outcome.refreshedCustomers()).isEqualTo(3);
        run2 = outcome.runId();

        assertThat(scores(run2)).containsExactlyInAnyOrderEntriesOf(Map.of(
                101L, "inactive R545 F0 M0.00 rfm000",
                102L, "loyal R22 F3 M1500.00 rfm535",        // not new any more (first 2026-05-20 < 2026-06-03), f 3 < 4
                103L, "at_risk R119 F3 M90.00 rfm333",
                104L, "at_risk R114 F5 M1000.00 rfm344",     // nothing since 2026-05-10: no longer recent
                105L, "loyal R31 F5 M50.00 rfm442",
                106L, "at_risk R229 F2 M100.00 rfm224",
                107L, "at_risk R134 F2 M25.00 rfm221",
                108L, "occasional R335 F1 M25.00 rfm111",
                109L, "occasional R285 F1 M25.00 rfm111",
                112L, "new R31 F1 M70.00 rfm413"));

        Map<String, Object> migration = http.getForObject("/api/segments/migration?from=" + run1 + "&to=" + run2, Map.class);
        assertThat(migration.get("customers")).isEqualTo(10);
        // everyone but 101, 105 and 106, 108, 109 moved: 5 of 10
        assertThat(migration.get("moved")).isEqualTo(5);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> matrix = (Map<String, Map<String, Map<String, Object>>>) migration.get("matrix");
        // customers and the revenue of the "to" run's window (2025-09-01 to 2026-09-01) per cell
        assertCell(matrix, "best", "at_risk", 1, "1000.00");
        assertCell(matrix, "new", "loyal", 1, "1500.00");
        assertCell(matrix, "reactivated", "at_risk", 1, "90.00");
        assertCell(matrix, "occasional", "at_risk", 1, "25.00");
        assertCell(matrix, "occasional", "occasional", 2, "50.00");
        assertCell(matrix, "at_risk", "at_risk", 1, "100.00");
        assertCell(matrix, "loyal", "loyal", 1, "50.00");
        assertCell(matrix, "inactive", "inactive", 1, "0.00");
        assertCell(matrix, ScoringRuns.UNSCORED, "new", 1, "70.00");
        assertCell(matrix, "best", "best", 0, "0");
        assertThat(matrix.keySet()).containsExactly("inactive", "new", "reactivated", "best", "loyal", "at_risk",
                "occasional", ScoringRuns.UNSCORED);

        assertThat(http.getForEntity("/api/segments/migration?from=" + run1 + "&to=999", Map.class).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    @Order(5)
    void runsAndCustomerScoresAreOnTheAdminApi() {
        List<Map<String, Object>> runs = http.exchange("/api/scoring/runs", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(runs).extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(run2, run1);
        assertThat(runs.get(0)).containsEntry("status", "SUCCEEDED").containsEntry("fact_refresh", "INCREMENTAL")
                .containsEntry("customer_count", 10);
        assertThat((Map<String, Object>) runs.get(0).get("segment_counts")).containsEntry("at_risk", 4)
                .containsEntry("loyal", 2).containsEntry("best", 0);
        assertThat((Map<String, Object>) runs.get(0).get("model")).containsKey("bgnbd");

        // the customer API shows the latest run's scores (run 2: latest as-of)
        Map<String, Object> customer = http.getForObject("/api/customers/104", Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> scores = (Map<String, Object>) customer.get("scores");
        assertThat(scores).containsEntry("segment", "at_risk").containsEntry("rfm_f", 4)
                .containsEntry("top_categories", List.of("robes", "accessoires")).containsKeys("p_alive", "clv_12m",
                        "churn_probability", "promo_share", "preferred_channel");
        assertThat(((Number) scores.get("run_id")).longValue()).isEqualTo(run2);
        assertThat(http.getForObject("/api/customers/111", Map.class).get("scores")).isNull();
    }

    @Test
    @Order(6)
    void audiencesFilterOnTheLatestScores() {
        for (long id : new long[]{102, 104, 105, 107}) {
            jdbc.update("""
                    insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                    values (?, 'email', 'granted', 'consent', 'test', 'test', now())""", id);
        }
        assertThat(members(new AudienceDefinition.Condition("segment", "in", List.of("loyal", "best")))).containsExactly(102L, 105L);
        assertThat(members(new AudienceDefinition.Condition("segment", "=", "at_risk"),
                new AudienceDefinition.Condition("preferred_channel", "=", "mixed"))).containsExactly(107L);
        assertThat(members(new AudienceDefinition.Condition("top_customer", "=", true))).containsExactly(102L, 104L);
        assertThat(members(new AudienceDefinition.Condition("rfm_m", ">=", 4),
                new AudienceDefinition.Condition("top_category", "=", "manteaux"))).containsExactly(102L);
        assertThat(members(new AudienceDefinition.Condition("p_alive", ">", 1))).isEmpty();
    }

    @Test
    @Order(7)
    void controlGroupsAreStableRecordedAndMeasured() {
        List<Map<String, Object>> members = new java.util.ArrayList<>();
        for (long id = 101; id <= 112; id++) {
            members.add(Map.of("customer_id", id));
        }
        ControlGroup group = new ControlGroup("spring-test", 0.5);
        List<Long> expected = members.stream().map(m -> (Long) m.get("customer_id")).filter(id -> !group.holdsOut(id)).toList();
        List<Map<String, Object>> contacted = controlGroups.contacted("spring-test", activation(), members);
        assertThat(contacted).extracting(m -> (Long) m.get("customer_id")).containsExactlyElementsOf(expected);
        // again: the same split, nothing recorded twice
        assertThat(controlGroups.contacted("spring-test", activation(), members)).isEqualTo(contacted);
        assertThat(jdbc.queryForObject("select count(*) from campaign_control where campaign_id = 'spring-test'", Long.class))
                .isEqualTo(12);
        assertThat(jdbc.queryForList("select customer_id from campaign_control where campaign_id = 'spring-test' and not held_out order by 1",
                Long.class)).containsExactlyElementsOf(expected);

        // uplift: one contacted customer buys 100 after assignment, one held-out buys 40
        long buyer = expected.get(0);
        long controlBuyer = members.stream().map(m -> (Long) m.get("customer_id")).filter(group::holdsOut).findFirst().orElseThrow();
        long feedRun = feedRun();
        String tomorrow = LocalDateTime.now().plusDays(1).withNano(0).toString();
        ticket(feedRun, buyer, "S1", "U1", tomorrow, "store", line("robes", 100, 0));
        ticket(feedRun, controlBuyer, "S1", "U2", tomorrow, "store", line("robes", 40, 0));
        Map<String, Object> uplift = http.getForObject("/api/campaigns/spring-test/uplift", Map.class);
        int contactedCount = expected.size();
        int heldOut = 12 - contactedCount;
        assertThat((Map<String, Object>) uplift.get("contacted")).containsEntry("customers", contactedCount).containsEntry("buyers", 1);
        assertThat((Map<String, Object>) uplift.get("control")).containsEntry("customers", heldOut).containsEntry("buyers", 1);
        assertThat(((Number) uplift.get("revenuePerCustomerUplift")).doubleValue())
                .isCloseTo(100.0 / contactedCount - 40.0 / heldOut, within(0.001));
    }

    @Test
    @Order(8)
    void anActivationContactsOnlyTheMembersOutsideItsControlGroup() {
        // the project's welcome audience: enrolled in the last year, email consent (granted above to 102, 104, 105, 107)
        jdbc.update("update customer set enrolled_at = now() - interval '10 days' where id in (102, 104, 105, 107)");
        ControlGroup group = new ControlGroup("welcome-loyalty-members", 0.5);
        List<Long> contacted = List.of(102L, 104L, 105L, 107L).stream().filter(id -> !group.holdsOut(id)).toList();

        io.activationhub.audience.AudienceActivation.Result result = audiences.activate("welcome-loyalty-members", "manual", false);
        assertThat(result.members()).isEqualTo(4);
        assertThat(result.messages()).extracting(m -> m.customerId()).containsExactlyInAnyOrderElementsOf(contacted);
        assertThat(jdbc.queryForList("select customer_id from push where activation_id = ? order by 1", Long.class,
                result.activationId())).containsExactlyElementsOf(contacted);
        assertThat(jdbc.queryForObject("""
                select count(*) from campaign_control where campaign_id = 'welcome-loyalty-members' and activation_id = ?""",
                Long.class, result.activationId())).isEqualTo(4);
    }

    @Test
    @Order(9)
    void theScheduleIsARouteAndRunsCanBeStartedFromTheApi() throws java.io.IOException {
        // the route file loads, and its Quartz route starts (rewritten so the test sees it start in this context)
        java.nio.file.Path file = java.nio.file.Path.of("target/test-hubs/scoring/routes/scoring.camel.yaml");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file) + "# touched by the test\n");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(camel.getRouteController().getRouteStatus("scoring-schedule")).isEqualTo(ServiceStatus.Started));
        assertThat(camel.getRoute("scoring-schedule").getEndpoint().getEndpointUri()).startsWith("quartz://scoring/nightly");
        Map<String, Object> posted = http.postForObject("/api/scoring/runs?asOf=2026-09-01", null, Map.class);
        assertThat(posted).containsEntry("status", "SUCCEEDED").containsEntry("factRefresh", "INCREMENTAL");
        assertThat(http.postForEntity("/api/scoring/runs?asOf=not-a-date", null, Map.class).getStatusCode().value())
                .isEqualTo(400);
    }

    private long activation() {
        return jdbc.queryForObject("""
                insert into activation (audience_id, channel, partner, trigger, status)
                values ('spring-test', 'email', 'smtp', 'manual', 'RUNNING') returning id""", Long.class);
    }

    private List<Long> members(AudienceDefinition.Condition... where) {
        AudienceQuery q = AudienceQuery.of(new AudienceDefinition("scored", "Scored", null, "email", null, "manual",
                false, List.of(where), null));
        return named.queryForList(q.sql(), q.params()).stream().map(r -> ((Number) r.get("customer_id")).longValue()).toList();
    }

    private static void assertCell(Map<String, Map<String, Map<String, Object>>> matrix, String from, String to,
                                   int customers, String revenue) {
        Map<String, Object> cell = matrix.get(from).get(to);
        assertThat(cell.get("customers")).as(from + " -> " + to).isEqualTo(customers);
        assertThat(new BigDecimal(cell.get("revenue").toString())).as(from + " -> " + to).isEqualByComparingTo(revenue);
    }

    private Map<Long, String> scores(long runId) {
        Map<Long, String> out = new HashMap<>();
        jdbc.queryForList("select * from customer_score where run_id = ?", runId).forEach(r -> out.put(
                (Long) r.get("customer_id"), r.get("segment") + " R" + r.get("recency_days") + " F" + r.get("frequency")
                        + " M" + r.get("monetary") + " rfm" + r.get("rfm_r") + r.get("rfm_f") + r.get("rfm_m")));
        return out;
    }

    private long feedRun() {
        return jdbc.queryForObject("""
                insert into feed_run (feed_id, source_name, status, ended_at, reconciled_at)
                values ('pos', 'scoring-test', 'SUCCEEDED', now(), now()) returning id""", Long.class);
    }

    private record Line(String category, double price, double discount) {
    }

    private static Line line(String category, double price, double discount) {
        return new Line(category, price, discount);
    }

    private void insertTicket(long feedRun, Long customer, String store, String ticket, String ts, String channel, Line... lines) {
        long key = jdbc.queryForObject("""
                insert into pos_ticket (ticket_key, store_id, ticket_id, ticket_ts, card_number, channel, run_id, customer_id)
                values (nextval('pos_ticket_key_seq'), ?, ?, ?, ?, ?, ?, ?)
                returning ticket_key""", Long.class,
                store, ticket, LocalDateTime.parse(ts), customer == null ? null : "CARD" + customer, channel, feedRun,
                customer);
        for (int i = 0; i < lines.length; i++) {
            jdbc.update("""
                    insert into pos_ticket_item (ticket_key, line_no, sku, category, quantity, unit_price, discount, run_id)
                    values (?, ?, ?, ?, 1, ?, ?, ?)""",
                    key, i + 1, "SKU-" + lines[i].category(), lines[i].category(), lines[i].price(), lines[i].discount(),
                    feedRun);
        }
    }

    private void ticket(long feedRun, long customer, String store, String ticket, String ts, String channel, Line... lines) {
        insertTicket(feedRun, customer, store, ticket, ts, channel, lines);
    }
}
