package io.activationhub.scale;

import io.activationhub.HubTestFiles;
import io.activationhub.infra.EmbeddedKafkaBroker;
import io.activationhub.infra.EmbeddedPostgresServer;
import io.activationhub.mock.MockPartners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Infrastructure faults during a run, with one hub against an external PostgreSQL and Kafka (as in production): the
 * database restarting while a file comes in, then the Kafka broker restarting while a file is reconciled and its
 * welcome emails go out. Nothing is lost (every member becomes a customer, every file ends in done/ with its run
 * SUCCEEDED) and nothing is pushed twice (each member gets exactly one email).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {

    static Path home;
    static EmbeddedPostgresServer postgres;
    static EmbeddedKafkaBroker kafka;
    static ConfigurableApplicationContext hub;
    static int postgresPort;
    static int kafkaPort;

    @BeforeAll
    static void start() throws Exception {
        home = HubTestFiles.freshHome("faults");
        postgres = new EmbeddedPostgresServer(home.resolve("infra/postgres"), 0, s -> { });
        postgresPort = postgres.port();
        kafka = new EmbeddedKafkaBroker(home.resolve("infra/kafka"), 0);
        kafkaPort = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
        hub = ExternalInfrastructureHub.start(home, "hub-faults", postgres, kafka,
                // wait for a connection at most 5 s while the database is down (instead of 30)
                "--spring.datasource.hikari.connection-timeout=5000",
                // the test is over when it stops: do not wait the default 45 s for in-flight exchanges
                "--camel.main.shutdown-timeout=5");
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * Members who joined a month ago and accept email: each is welcomed once by email. Each file's people live in
     * their own town and have their own surnames, so identity resolution never takes two files' people for one.
     */
    private static String members(String prefix, int n, String town, String[] last) {
        StringBuilder sb = new StringBuilder("card_number;store_id;enrolled_at;civility;first_name;last_name;email;"
                + "address_line1;postcode;city;country;optin_email;optin_sms;optin_postal\n");
        String enrolled = LocalDate.now().minusDays(30).toString();
        String[] first = {"Jean", "Marie", "Pierre", "Sophie", "Luc", "Claire", "Paul", "Julie", "Marc", "Anne"};
        for (int i = 1; i <= n; i++) {
            String card = prefix + String.format("%04d", i);
            sb.append(card).append(";S01;").append(enrolled).append(";;").append(first[i % first.length]).append(';')
                    .append(last[(i / first.length) % last.length]).append(';')
                    .append(card.toLowerCase()).append("@example.org;").append(i).append(" rue des Lilas;").append(town).append(";FR;1;0;0\n");
        }
        return sb.toString();
    }

    private static Map<String, Long> emailsTo(String prefix) {
        return hub.getBean(MockPartners.class).receivedEmails().stream()
                .map(m -> (String) ((List<?>) m.get("to")).get(0))
                .filter(to -> to.startsWith(prefix.toLowerCase()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static void assertNothingLostNothingTwice(String prefix, int n, String file) throws Exception {
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> emailsTo(prefix).size() == n);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("emails to " + prefix + ": " + emailsTo(prefix).size() + " of " + n + "; runs "
                    + jdbc.queryForList("select id, source_name, status, reconciled_at, error from feed_run order by id")
                    + "; customers " + jdbc.queryForObject("select count(*) from customer_identity where source = 'card' "
                    + "and source_key like ?", Long.class, prefix + "%")
                    + "; activations " + jdbc.queryForList("select id, trigger, member_count, status from activation order by id")
                    + "; pushes " + jdbc.queryForList("select status, count(*) from push group by status"), e);
        }
        assertThat(jdbc.queryForObject("select count(*) from customer_identity where source = 'card' and source_key like ?",
                Long.class, prefix + "%")).isEqualTo(n);
        assertThat(jdbc.queryForList("select status from feed_run where source_name = ? order by id", String.class, file))
                .last().isEqualTo("SUCCEEDED");
        assertThat(jdbc.queryForObject("select accepted_count from feed_run where source_name = ? and status = 'SUCCEEDED'",
                Long.class, file)).isEqualTo(n);
        try (var done = Files.list(home.resolve("inbox/loyalty/done"))) {
            assertThat(done.map(p -> p.getFileName().toString()).toList()).anyMatch(name -> name.endsWith(file));
        }
        assertThat(Files.exists(home.resolve("inbox/loyalty/failed"))
                ? Files.list(home.resolve("inbox/loyalty/failed")).count() : 0).as("no file in failed/").isZero();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> jdbc.queryForObject(
                "select count(*) from push p join customer_identity i on i.customer_id = p.customer_id "
                        + "where i.source = 'card' and i.source_key like ? and p.status = 'SENT'", Long.class, prefix + "%") == n);
        // a little later still: nothing comes twice (a record read again after a restart finds its push done)
        Thread.sleep(3_000);
        assertThat(emailsTo(prefix)).hasSize(n).allSatisfy((to, count) -> assertThat(count).as(to).isEqualTo(1L));
    }

    @Test
    @Order(1)
    void aDatabaseRestartWhileAFileComesInLosesNothing() throws Exception {
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        postgres.close();
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members-db.csv", members("DB", 150, "75002;Paris", new String[]{"Martin", "Bernard", "Thomas", "Petit", "Robert",
                "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux"}));
        // the hub takes the file while the database is down, and waits for it
        Thread.sleep(4_000);
        assertThat(home.resolve("inbox/loyalty/members-db.csv")).as("still in the inbox").exists();
        postgres = new EmbeddedPostgresServer(home.resolve("infra/postgres"), postgresPort, s -> { });
        assertNothingLostNothingTwice("DB", 150, "members-db.csv");
        assertThat(jdbc.queryForList("select status || ':' || coalesce(error, '') from feed_run "
                + "where source_name = 'members-db.csv' and status <> 'SUCCEEDED'", String.class))
                .allSatisfy(s -> assertThat(s).startsWith("FAILED:store unavailable"));
    }

    @Test
    @Order(2)
    void aKafkaBrokerRestartDuringARunLosesNothingAndPushesNothingTwice() throws Exception {
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        HubTestFiles.drop(home.resolve("inbox/loyalty"), "members-kafka.csv", members("KF", 150, "69002;Lyon", new String[]{"David", "Bertrand", "Morel", "Fournier",
                "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure", "Mercier", "Blanc"}));
        // as soon as the run is there, the broker goes: the run's announcement, the customers-changed event and the
        // emails' topic all wait for it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from feed_run where source_name = 'members-kafka.csv'", Long.class) > 0);
        kafka.close();
        Thread.sleep(5_000);
        kafka = new EmbeddedKafkaBroker(home.resolve("infra/kafka"), kafkaPort);
        assertNothingLostNothingTwice("KF", 150, "members-kafka.csv");
    }
}
