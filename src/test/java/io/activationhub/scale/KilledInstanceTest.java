package io.activationhub.scale;

import io.activationhub.HubTestFiles;
import io.activationhub.infra.EmbeddedKafkaBroker;
import io.activationhub.infra.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out, the hard way: a hub instance running in its own JVM is killed with SIGKILL (kill -9: no shutdown hook,
 * no rollback sent, its connections simply drop) in the middle of a till file; a second instance on the same
 * PostgreSQL, Kafka and inbox then loads the whole file, once. Nothing of the killed attempt is kept, its run is
 * closed as interrupted, and every line is accounted for.
 */
class KilledInstanceTest {

    static Path home;
    static EmbeddedPostgresServer postgres;
    static EmbeddedKafkaBroker kafka;
    static Process hubA;

    @BeforeAll
    static void infrastructure() throws Exception {
        home = HubTestFiles.freshHome("killed-instance");
        postgres = new EmbeddedPostgresServer(home.resolve("infra/postgres"), 0, s -> { });
        kafka = new EmbeddedKafkaBroker(home.resolve("infra/kafka"), 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hubA != null && hubA.isAlive()) {
            hubA.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Hub A in a JVM of its own, as in production (test profile: mock partners in-process on free ports). */
    private static Process startSeparateHub(String instance, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.activationhub.HubApplication",
                "--spring.profiles.active=test"));
        command.addAll(ExternalInfrastructureHub.arguments(home, instance, postgres, kafka,
                // progress committed every 2,000 lines: the test sees the run under way
                "--hub.ingest.progress-every-rows=2000"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A till export of {@code lines} lines (four per ticket, no card). */
    private static Path tillFile(Path inbox, String name, int lines) throws Exception {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("store_id;ticket_id;ticket_ts;card_number;line_no;sku;category;quantity;unit_price;discount;channel\n");
            for (int i = 0; i < lines; i++) {
                int ticket = i / 4;
                w.write("S" + (1 + ticket % 20) + ";K" + ticket + ";2026-10-" + String.format("%02d", 1 + ticket % 28)
                        + "T10:15:00;;" + (1 + i % 4) + ";SKU-" + (i % 500) + ";robes;1;" + (10 + i % 50) + ".90;0;store\n");
            }
        }
        return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anInstanceKilledMidFileLosesNothingAndTheOtherLoadsItOnce() throws Exception {
        DriverManagerDataSource store = new DriverManagerDataSource(postgres.jdbcUrl(), "postgres", "");
        JdbcTemplate jdbc = new JdbcTemplate(store);
        Path logA = home.resolve("hub-a.log");
        hubA = startSeparateHub("hub-a", logA);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(hubA.isAlive()).as("hub A is running (see %s)", logA).isTrue();
            return Files.exists(logA) && Files.readString(logA).contains("Started HubApplication");
        });

        int lines = 300_000;
        String file = "tickets-killed.csv";
        tillFile(home.resolve("inbox/pos"), file, lines);
        // hub A is well into the file: its run is RUNNING with lines read
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() ->
                jdbc.queryForObject("select coalesce(max(progress_rows), 0) from feed_run where source_name = ? "
                        + "and instance_id = 'hub-a' and status = 'RUNNING'", Long.class, file) > 0);
        hubA.destroyForcibly();
        assertThat(hubA.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(hubA.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        Map<String, Object> killed = jdbc.queryForMap(
                "select id, status, progress_rows from feed_run where source_name = ? and instance_id = 'hub-a'", file);
        assertThat(killed.get("status")).as("hub A was killed before the end of its run").isEqualTo("RUNNING");
        assertThat((Long) killed.get("progress_rows")).isBetween(1L, (long) lines - 1);
        // its connection dropped with it: PostgreSQL rolled its transaction back, nothing of the file is stored
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from pg_stat_activity where application_name like 'PostgreSQL JDBC%' "
                        + "and state = 'idle in transaction'", Long.class) == 0);
        assertThat(jdbc.queryForObject("select count(*) from pos_ticket_line", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from file_claim", Long.class)).isZero();
        assertThat(home.resolve("inbox/pos").resolve(file)).as("the file stays in the inbox").exists();

        // hub B (another instance, same store, Kafka and inbox) takes the file and loads it once
        try (ConfigurableApplicationContext b = ExternalInfrastructureHub.start(home, "hub-b", postgres, kafka)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
                    "select count(*) from feed_run where source_name = ? and status = 'SUCCEEDED'", Long.class, file) == 1);
            Map<String, Object> loaded = jdbc.queryForMap("""
                    select id, instance_id, read_count, accepted_count, rejected_count, duplicate_count
                    from feed_run where source_name = ? and status = 'SUCCEEDED'""", file);
            assertThat(loaded.get("instance_id")).isEqualTo("hub-b");
            assertThat(((Number) loaded.get("read_count")).longValue()).isEqualTo(lines);
            assertThat(((Number) loaded.get("accepted_count")).longValue()).isEqualTo(lines);
            assertThat(((Number) loaded.get("rejected_count")).longValue()).isZero();
            assertThat(((Number) loaded.get("duplicate_count")).longValue()).isZero();
            assertThat(jdbc.queryForObject("select count(*) from pos_ticket_line", Long.class)).isEqualTo(lines);
            // the killed attempt's run is closed, pointing at the run that loaded the file
            Map<String, Object> closed = jdbc.queryForMap("select status, error from feed_run where id = ?",
                    killed.get("id"));
            assertThat(closed.get("status")).isEqualTo("INTERRUPTED");
            assertThat((String) closed.get("error")).contains("hub-a").endsWith("ingested by run " + loaded.get("id"));
            assertThat(jdbc.queryForObject("select count(*) from feed_run where source_name = ? and status = 'RUNNING'",
                    Long.class, file)).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(home.resolve("inbox/pos/done"))
                    && Files.list(home.resolve("inbox/pos/done")).anyMatch(p -> p.getFileName().toString().endsWith(file)));
        }
    }
}
