package io.activationhub.returns;

import io.activationhub.HubTestFiles;
import io.activationhub.KafkaTestClients;
import io.activationhub.customer.PostalAddressKey;
import io.activationhub.mock.MockPartners;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Campaign returns on real infrastructure: PND files through the file-feed connector and reconciliation, DSN bounces
 * sent over SMTP to the mock partners' bounce mailbox and read back over IMAP.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "hub.home=target/test-hubs/returns",
        "hub.routes-dir=target/test-hubs/returns/routes",
        "hub.audiences-dir=target/test-hubs/returns/audiences"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignReturnsTest {

    static final String LOYALTY_HEADER = "card_number;first_name;last_name;email;address_line1;postcode;city;optin_email;optin_postal\n";
    static Path home;

    @BeforeAll
    static void freshHome() {
        home = HubTestFiles.freshHome("returns");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MockPartners partners;
    @Value("${hub.kafka.brokers}")
    String brokers;

    private long customerOfCard(String card) {
        return jdbc.queryForObject("select customer_id from customer_identity where source = 'card' and source_key = ?",
                Long.class, card);
    }

    private void loyaltyFile(String name, String rows) {
        long before = jdbc.queryForObject("select count(*) from feed_run where feed_id = 'loyalty' and reconciled_at is not null", Long.class);
        HubTestFiles.drop(home.resolve("inbox/loyalty"), name, LOYALTY_HEADER + rows);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from feed_run where feed_id = 'loyalty' and reconciled_at is not null", Long.class) == before + 1);
    }

    private long push(long customerId, String channel) {
        long activation = jdbc.queryForObject("""
                insert into activation (audience_id, channel, partner, trigger, status)
                values ('winter-catalogue', ?, 'mailing-house', 'manual', 'COMPLETED') returning id""", Long.class, channel);
        return jdbc.queryForObject("""
                insert into push (activation_id, audience_id, customer_id, channel, partner, status)
                values (?, 'winter-catalogue', ?, ?, 'mailing-house', 'SENT') returning id""", Long.class, activation, customerId, channel);
    }

    @Test
    @Order(1)
    void aPndReturnFlagsTheAddressSuppressesItForPostAndRejectsWhatIsNotOurs() throws Exception {
        loyaltyFile("members.csv", """
                PND-1;Marc;Dubois;marc.dubois@example.org;4, av. Desfeux;92100;Boulogne-Billancourt;1;1
                PND-2;Hélène;Leroy;helene.leroy@example.org;8 rue Nationale;59000;Lille;1;1
                """);
        long marc = customerOfCard("PND-1");
        long catalogue = push(marc, "postal");
        long welcomeEmail = push(customerOfCard("PND-2"), "email");

        HubTestFiles.drop(home.resolve("inbox/pnd"), "pnd-2026-11-23.csv", """
                ID;DATE_RETOUR;CODE_MOTIF;LIBELLE_MOTIF
                %1$d;2026-11-20;2;N'habite pas à l'adresse indiquée
                %1$d;21/11/2026;2;N'habite pas à l'adresse indiquée
                999999;2026-11-20;1;
                %2$d;2026-11-20;3;Refusé
                %1$d;2026-11-20;9;?
                ABC;2026-11-20;1;
                """.formatted(catalogue, welcomeEmail));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from feed_run where feed_id = 'pnd' and reconciled_at is not null", Long.class) == 1);
        Map<String, Object> run = jdbc.queryForMap("select * from feed_run where feed_id = 'pnd'");
        assertThat(run).containsEntry("status", "SUCCEEDED").containsEntry("read_count", 6L).containsEntry("accepted_count", 1L)
                .containsEntry("rejected_count", 4L).containsEntry("duplicate_count", 1L);
        assertThat(jdbc.queryForList("select line_no || ':' || reason from rejected_row where run_id = ? order by line_no",
                String.class, run.get("id"))).containsExactly(
                "4:unknown push id 999999",
                "5:push " + welcomeEmail + " was sent on channel email, not postal",
                "6:CODE_MOTIF must be 1, 2, 3 or 4 (La Poste reasons), found '9'",
                "7:ID is not a push id (digits expected): 'ABC'");
        assertThat(home.resolve((String) run.get("quarantine_file"))).content().contains("unknown push id 999999");

        Map<String, Object> customer = jdbc.queryForMap("select * from customer where id = ?", marc);
        String key = PostalAddressKey.of(null, null, "4 AV DESFEUX", null, "92100", "BOULOGNE BILLANCOURT", "FR");
        assertThat(customer.get("postal_undeliverable_at")).hasToString("2026-11-20");
        assertThat(customer).containsEntry("postal_undeliverable_reason", "2 N'habite pas à l'adresse indiquée")
                .containsEntry("postal_undeliverable_hash", key);
        assertThat(jdbc.queryForMap("select reason, source from suppression where channel = 'postal' and address_hash = ?", key))
                .containsEntry("reason", "pnd").containsEntry("source", "pnd run " + run.get("id") + " push " + catalogue);
        assertThat(jdbc.queryForObject("select count(*) from customer where postal_undeliverable_at is not null", Long.class)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.list(home.resolve("inbox/pnd/done"))
                .anyMatch(f -> f.getFileName().toString().endsWith("pnd-2026-11-23.csv")));

        // the same address sent again keeps the flag; a new address clears it (the old one stays suppressed)
        loyaltyFile("members-same.csv", "PND-1;Marc;Dubois;marc.dubois@example.org;4 AV DESFEUX;92100;Boulogne Billancourt;1;1\n");
        assertThat(jdbc.queryForObject("select postal_undeliverable_hash from customer where id = ?", String.class, marc)).isEqualTo(key);
        loyaltyFile("members-moved.csv", "PND-1;Marc;Dubois;marc.dubois@example.org;12 rue de la Paix;75002;Paris;1;1\n");
        assertThat(jdbc.queryForMap("select postal_undeliverable_at, postal_undeliverable_hash from customer where id = ?", marc))
                .containsEntry("postal_undeliverable_at", null).containsEntry("postal_undeliverable_hash", null);
        assertThat(jdbc.queryForObject("select count(*) from suppression where channel = 'postal' and address_hash = ?",
                Long.class, key)).isEqualTo(1);
        // his record sent again with a home elsewhere replaced the old one: he moved
        assertThat(jdbc.queryForObject("select moved_at from customer where id = ?", java.sql.Timestamp.class, marc)).isNotNull();
    }

    @Test
    @Order(3)
    void aLetterReturnedAfterTheCustomerMovedSuppressesTheAddressItWentToNotTheNewOne() throws Exception {
        loyaltyFile("members-lea.csv", "PND-3;Léa;Martin;lea.martin@example.org;5 rue Sainte-Catherine;33000;Bordeaux;1;1\n");
        long lea = customerOfCard("PND-3");
        String bordeaux = PostalAddressKey.of(null, null, "5 RUE SAINTE CATHERINE", null, "33000", "BORDEAUX", "FR");
        // a letter printed with her Bordeaux address, as an activation keeps it
        long letter = push(lea, "postal");
        jdbc.update("update push set address_hash = ? where id = ?", bordeaux, letter);
        // she moves before the letter comes back
        loyaltyFile("members-lea-moved.csv", "PND-3;Léa;Martin;lea.martin@example.org;2 place du Capitole;31000;Toulouse;1;1\n");
        HubTestFiles.drop(home.resolve("inbox/pnd"), "pnd-2026-11-24.csv", """
                ID;DATE_RETOUR;CODE_MOTIF;LIBELLE_MOTIF
                %d;2026-11-24;2;N'habite pas à l'adresse indiquée
                """.formatted(letter));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from postal_return where push_id = ? and applied_at is not null", Long.class, letter) == 1);
        Map<String, Object> now = jdbc.queryForMap("select * from customer where id = ?", lea);
        assertThat(now.get("city")).isEqualTo("TOULOUSE");
        assertThat(now.get("postal_undeliverable_hash")).isNull();
        assertThat(now.get("postal_undeliverable_at")).isNull();
        String toulouse = PostalAddressKey.of((String) now.get("address_line2"), (String) now.get("address_line3"),
                (String) now.get("address_line4"), (String) now.get("address_line5"), (String) now.get("postcode"),
                (String) now.get("city"), (String) now.get("country"));
        assertThat(jdbc.queryForList("select address_hash from suppression where channel = 'postal' and address_hash in (?, ?)",
                String.class, bordeaux, toulouse)).containsExactly(bordeaux);
        assertThat(jdbc.queryForObject("select address_hash from postal_return where push_id = ?", String.class, letter))
                .isEqualTo(bordeaux);
    }

    private void sendToBounceMailbox(String sample) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(partners.smtpPort()));
        Session session = Session.getInstance(props);
        MimeMessage dsn = new MimeMessage(session, new ByteArrayInputStream(DeliveryStatusNotificationTest.sample(sample)));
        try (Transport smtp = session.getTransport("smtp")) {
            smtp.connect();
            // sendMessage, not Transport.send: the DSN keeps its own Message-ID, as relayed mail does
            smtp.sendMessage(dsn, new Address[]{new InternetAddress(MockPartners.BOUNCE_MAILBOX)});
        }
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Order(2)
    void hardBouncesSuppressTheAddressSoftOnesAreCountedAndAMailThatIsNotADsnIsDeadLettered() throws Exception {
        long marc = customerOfCard("PND-1");
        sendToBounceMailbox("postfix-hard-user-unknown.eml");
        sendToBounceMailbox("gmail-soft-mailbox-full.eml");
        sendToBounceMailbox("exim-plain-text-not-a-dsn.eml");
        sendToBounceMailbox("postfix-hard-user-unknown.eml");

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select coalesce(sum(read_count), 0) from feed_run where feed_id = 'email-bounces'", Long.class) == 4);
        assertThat(jdbc.queryForMap("""
                select sum(accepted_count)::bigint as accepted, sum(rejected_count)::bigint as rejected, sum(duplicate_count)::bigint as duplicate
                from feed_run where feed_id = 'email-bounces'""")).containsEntry("accepted", 2L)
                .containsEntry("rejected", 1L).containsEntry("duplicate", 1L);

        String marcHash = sha256("marc.dubois@example.org");
        String heleneHash = sha256("helene.leroy@example.org");
        assertThat(jdbc.queryForList("select kind || ' ' || status || ' ' || address_hash from email_bounce order by id", String.class))
                .containsExactly("hard 5.1.1 " + marcHash, "soft 4.2.2 " + heleneHash);
        assertThat(jdbc.queryForObject("select customer_id from email_bounce where kind = 'hard'", Long.class)).isEqualTo(marc);
        assertThat(jdbc.queryForObject("select diagnostic from email_bounce where kind = 'hard'", String.class))
                .doesNotContain("marc.dubois").contains("User unknown");
        assertThat(jdbc.queryForList("select channel || ' ' || reason from suppression where address_hash = ?", String.class, marcHash))
                .containsExactly("email hard-bounce");
        assertThat(jdbc.queryForObject("select count(*) from suppression where address_hash = ?", Long.class, heleneHash)).isZero();

        List<KafkaTestClients.Received> dead = KafkaTestClients.readAll(brokers, "hub.dead-letter");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).headers())
                .containsEntry("hub.error.reason", "not a delivery status notification (RFC 3464): content type text/plain")
                .containsEntry("hub.source.route", "email-bounces")
                .containsEntry("hub.source.mailbox", MockPartners.BOUNCE_MAILBOX);
        assertThat(dead.get(0).value()).contains("Mail delivery failed: returning message to sender");
    }
}
