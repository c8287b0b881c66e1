package io.activationhub;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart keeps customers and feed history (embedded PostgreSQL data under hub.home), and a file that was
 * ingested before the restart is not ingested again after it.
 */
class RestartTest {

    private static ConfigurableApplicationContext start(Path home) {
        return new SpringApplicationBuilder(HubApplication.class)
                .profiles("test")
                .run("--server.port=0", "--hub.home=" + home, "--hub.routes-dir=" + home.resolve("routes"),
                        "--hub.audiences-dir=" + home.resolve("audiences"));
    }

    @Test
    void customersAndFeedHistorySurviveARestartAndAFileIsNeverIngestedTwice() {
        Path home = HubTestFiles.freshHome("restart");
        long customers;
        List<String> runsBefore;
        try (ConfigurableApplicationContext hub = start(home)) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            HubTestFiles.drop(home.resolve("inbox/loyalty"), "members.csv", EndToEndTest.LOYALTY);
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "select count(*) from feed_run where reconciled_at is not null", Long.class) == 1);
            customers = jdbc.queryForObject("select count(*) from customer", Long.class);
            runsBefore = jdbc.queryForList("select id || ':' || status from feed_run order by id", String.class);
            assertThat(customers).isEqualTo(4);
        }

        try (ConfigurableApplicationContext hub = start(home)) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(customers);
            assertThat(jdbc.queryForList("select id || ':' || status from feed_run order by id", String.class))
                    .containsExactlyElementsOf(runsBefore);

            HubTestFiles.drop(home.resolve("inbox/loyalty"), "members-sent-again.csv", EndToEndTest.LOYALTY);
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "select count(*) from feed_run where status = 'DUPLICATE_FILE'", Long.class) == 1);
            assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(customers);
            assertThat(jdbc.queryForObject("select count(*) from loyalty_member", Long.class)).isEqualTo(4);
            assertThat(jdbc.queryForObject("select duplicate_of_run from feed_run where status = 'DUPLICATE_FILE'",
                    Long.class)).isEqualTo(Long.parseLong(runsBefore.get(0).split(":")[0]));
        }
    }
}
