package io.activationhub.scale;

import io.activationhub.HubTestFiles;
import io.activationhub.infra.EmbeddedKafkaBroker;
import io.activationhub.infra.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hub instances against one PostgreSQL and one Kafka, sharing one inbox (one hub.home on a shared volume, an
 * instance id each): each file is ingested once, by one of them, and reconciled once (one Kafka consumer group);
 * when one instance stops, the other takes everything that comes after.
 */
class ScaleOutTest {

    static Path home;
    static EmbeddedPostgresServer postgres;
    static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void infrastructure() throws Exception {
        home = HubTestFiles.freshHome("scale-out");
        postgres = new EmbeddedPostgresServer(home.resolve("infra/postgres"), 0, s -> { });
        kafka = new EmbeddedKafkaBroker(home.resolve("infra/kafka"), 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static ConfigurableApplicationContext start(String instance) {
        return ExternalInfrastructureHub.start(home, instance, postgres, kafka, "--hub.kafka.partitions=4");
    }

    private static final String[] FIRST = {"Jean", "Marie", "Pierre", "Sophie", "Luc", "Claire", "Paul", "Julie", "Marc",
            "Anne", "Louis", "Emma", "Hugo", "Léa", "Noé", "Chloé", "Yves", "Inès", "Rémi", "Zoé", "Bruno", "Agnès",
            "Cédric", "Odile", "Gilles", "Maëlle", "Hervé", "Nadia", "Pascal", "Roxane"};
    private static final String[] LAST = {"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
            "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier",
            "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefevre", "Faure",
            "Andre", "Mercier", "Blanc", "Guerin", "Boyer", "Garnier", "Chevalier", "Francois", "Legrand", "Gauthier", "Garcia"};
    private static final String[] TOWNS = {"75002;Paris", "69002;Lyon", "13001;Marseille", "59000;Lille", "33000;Bordeaux",
            "31000;Toulouse", "44000;Nantes", "67000;Strasbourg"};
    private static int person;

    /** A loyalty file of {@code n} distinct people (no two share a name) with cards {@code prefix0001...}. */
    private static String members(String prefix, int n) {
        StringBuilder sb = new StringBuilder("card_number;store_id;enrolled_at;civility;first_name;last_name;email;mobile;"
                + "address_line1;postcode;city;country;optin_email;optin_sms;optin_postal\n");
        String enrolled = LocalDate.now().minusDays(400).toString();
        for (int i = 1; i <= n; i++, person++) {
            String card = prefix + String.format("%04d", i);
            String first = FIRST[person % FIRST.length];
            String last = LAST[(person / FIRST.length) % LAST.length];
            sb.append(card).append(";S01;").append(enrolled).append(";;").append(first).append(';').append(last).append(';')
                    .append(card.toLowerCase()).append("@example.org;;").append(1 + person % 90).append(" rue des Lilas;")
                    .append(TOWNS[person % TOWNS.length]).append(";FR;0;0;0\n");
        }
        return sb.toString();
    }

    @Test
    void twoInstancesShareTheInboxAndEachFileIsIngestedOnce() throws Exception {
        try (ConfigurableApplicationContext a = start("hub-a"); ConfigurableApplicationContext b = start("hub-b")) {
            JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
            Path inbox = home.resolve("inbox/loyalty");

            for (int f = 0; f < 8; f++) {
                HubTestFiles.drop(inbox, "members-" + f + ".csv", members("F" + f, 20));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                    "select count(distinct source_name) from feed_run where feed_id = 'loyalty' and status = 'SUCCEEDED' "
                            + "and reconciled_at is not null", Long.class) == 8);
            // both instances may see a file at the same moment: the content claim lets one ingest it, the other
            // records a DUPLICATE_FILE run that took nothing
            assertThat(jdbc.queryForList("select source_name from feed_run where feed_id = 'loyalty' and status = 'SUCCEEDED'",
                    String.class)).as("each file ingested once").hasSize(8).doesNotHaveDuplicates();
            assertThat(jdbc.queryForObject("select count(*) from feed_run where status not in ('SUCCEEDED', 'DUPLICATE_FILE')",
                    Long.class)).isZero();
            assertThat(jdbc.queryForObject("select coalesce(sum(accepted_count), 0) from feed_run where feed_id = 'loyalty'",
                    Long.class)).isEqualTo(8 * 20);
            assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(8 * 20);
            assertThat(jdbc.queryForObject("select count(*) from loyalty_member", Long.class)).isEqualTo(8 * 20);

            // one instance stops; the other takes every file dropped afterwards
            a.close();
            for (int f = 8; f < 11; f++) {
                HubTestFiles.drop(inbox, "members-" + f + ".csv", members("F" + f, 20));
            }
            JdbcTemplate jdbcB = b.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbcB.queryForObject(
                    "select count(distinct source_name) from feed_run where feed_id = 'loyalty' and status = 'SUCCEEDED' "
                            + "and reconciled_at is not null", Long.class) == 11);
            assertThat(jdbcB.queryForList("select distinct instance_id from feed_run where source_name in "
                    + "('members-8.csv', 'members-9.csv', 'members-10.csv')", String.class)).containsExactly("hub-b");
            assertThat(jdbcB.queryForObject("select count(*) from customer", Long.class)).isEqualTo(11 * 20);
        }
    }
}
