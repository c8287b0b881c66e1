package io.activationhub.demo;

import io.activationhub.HubTestFiles;
import io.activationhub.mock.MockPartners;
import io.activationhub.pressure.MarketingPressure;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as {@code ./mvnw spring-boot:run} starts it (profile demo, the test profile only moving ports and
 * accounts): the sample files flow in, the real-time audience (new members) and the scheduled one (weekly offer)
 * reach customers by email, SMS and letter, and are synced to the ad platforms.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.home=target/test-hubs/demo-channels",
        "hub.routes-dir=target/test-hubs/demo-channels/routes",
        "hub.social.enabled=false",
        "hub.weather.enabled=false",
        "hub.audiences.clock-interval-ms=2000",
        "hub.channels.sms.release-interval-ms=1000"})
@ActiveProfiles({"demo", "test"})
class DemoChannelsTest {

    static Path home;

    @BeforeAll
    static void freshHome() {
        home = HubTestFiles.freshHome("demo-channels");
        // the demo profile reads audiences under hub.home: let the demo fill it from the project's audiences/
        HubTestFiles.deleteTree(home.resolve("audiences"));
    }

    @Test
    void theDemoKeepsItsAudiencesUnderItsHomeNotInTheProject() throws Exception {
        try (var files = Files.list(home.resolve("audiences"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).contains(
                    "welcome-loyalty-members.audience.yaml", "demo-weekly-offer.audience.yaml",
                    "demo-new-member-pack.audience.yaml");
        }
        try (var files = Files.list(Path.of("audiences"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.startsWith("demo-"));
        }
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MockPartners partners;
    @Autowired
    MarketingPressure pressure;

    @Test
    void theScheduledAndTheRealTimeAudiencesReachEmailSmsPostalAndAds() {
        // judge the SMS window on a Monday morning, whatever day the build runs (SMS held meanwhile are released)
        pressure.clock(Clock.fixed(LocalDateTime.parse("2026-11-23T10:00").atZone(ZoneId.of("Europe/Paris")).toInstant(),
                ZoneId.of("Europe/Paris")));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select distinct channel from push where audience_id = 'demo-new-member-pack' and status = 'SENT'",
                String.class)).contains("sms", "postal"));
        // the weekly offer is due at the first even minute after the hub started; on a loaded machine (CI sharing
        // two cores) the demo's imports before it took minutes once, so the wait allows for that
        await().atMost(Duration.ofSeconds(360)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select distinct trigger from activation where audience_id = 'demo-weekly-offer'", String.class))
                .contains("schedule"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select distinct channel from push where audience_id like 'demo-%' and status = 'SENT'", String.class))
                .contains("email", "sms", "postal"));
        assertThat(partners.sms().messages()).isNotEmpty()
                .allSatisfy(m -> assertThat(m.body()).contains("STOP"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var files = Files.list(home.resolve("outbox/postal"))) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .anyMatch(n -> n.startsWith("demo-new-member-pack-activation-"))
                        .anyMatch(n -> n.startsWith("demo-weekly-offer-activation-"));
            }
        });
        assertThat(partners.receivedEmails()).isNotEmpty();
        // the fourth channel: both audiences synced as customer lists to the Meta- and Google-style mocks, members
        // with the advertising opt-in only (hashed), after each activation
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select distinct audience_id || ':' || partner from activation where channel = 'ads' "
                        + "and status = 'COMPLETED' and sent_count > 0", String.class)).contains(
                "demo-new-member-pack:meta", "demo-new-member-pack:google", "demo-weekly-offer:meta", "demo-weekly-offer:google"));
        assertThat(jdbc.queryForObject("select count(*) from consent_current where channel = 'ads' and status = 'granted'",
                Long.class)).isPositive();
    }
}
