package io.activationhub.ingest;

import io.activationhub.infra.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** V70 moves the lines stored in the one wide table into tickets and items, losing nothing. */
class PosTicketMigrationTest {

    @Test
    void storedLinesBecomeTicketsAndItemsAndDisagreeingLinesAreKeptAsTheyWere(@TempDir Path home) throws Exception {
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(home.resolve("postgres"), 0, s -> { })) {
            DriverManagerDataSource ds = new DriverManagerDataSource(pg.jdbcUrl());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("69").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            long customer = jdbc.queryForObject("insert into customer (first_name) values ('Held') returning id", Long.class);
            String insert = """
                    insert into pos_ticket_line (store_id, ticket_id, line_no, ticket_ts, card_number, sku, category, quantity,
                                                 unit_price, discount, channel, run_id, customer_id)
                    values (?, ?, ?, ?::timestamp, ?, ?, 'robes', ?, ?, ?, ?, ?, ?)""";
            jdbc.update(insert, "S1", "T1", 2, "2026-03-01 10:00", "C1", "SKU-B", 2, 10, 1, "store", 7L, customer);
            jdbc.update(insert, "S1", "T1", 1, "2026-03-01 10:00", "C1", "SKU-A", 1, 20, 0, "store", 7L, customer);
            jdbc.update(insert, "S1", "T2", 1, "2026-03-02 11:00", null, "SKU-C", 1, 5, 0, "web", 7L, null);
            // a line that disagrees with its ticket's lowest line (another time), from a later run
            jdbc.update(insert, "S1", "T2", 2, "2026-03-02 11:05", null, "SKU-D", 3, 4, 0, "web", 8L, null);
            jdbc.update(insert, "S2", "T1", 1, "2026-03-03 12:00", null, "SKU-E", 1, 1, 0, "store", 8L, null);

            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

            assertThat(jdbc.queryForList("""
                    select store_id || ' ' || ticket_id || ' ' || ticket_ts || ' ' || coalesce(card_number, '-') || ' '
                           || channel || ' ' || run_id || ' ' || coalesce(customer_id::text, '-')
                    from pos_ticket order by store_id, ticket_id""", String.class))
                    .containsExactly("S1 T1 2026-03-01 10:00:00 C1 store 7 " + customer,
                            "S1 T2 2026-03-02 11:00:00 - web 7 -",
                            "S2 T1 2026-03-03 12:00:00 - store 8 -");
            assertThat(jdbc.queryForList("""
                    select store_id || ' ' || ticket_id || ' ' || line_no || ' ' || ticket_ts || ' ' || sku || ' '
                           || quantity || ' ' || unit_price || ' ' || discount || ' ' || run_id
                    from pos_ticket_line order by store_id, ticket_id, line_no""", String.class))
                    .as("every line is still there, read through the view, under its ticket's time")
                    .containsExactly("S1 T1 1 2026-03-01 10:00:00 SKU-A 1.000 20.00 0.00 7",
                            "S1 T1 2 2026-03-01 10:00:00 SKU-B 2.000 10.00 1.00 7",
                            "S1 T2 1 2026-03-02 11:00:00 SKU-C 1.000 5.00 0.00 7",
                            "S1 T2 2 2026-03-02 11:00:00 SKU-D 3.000 4.00 0.00 8",
                            "S2 T1 1 2026-03-03 12:00:00 SKU-E 1.000 1.00 0.00 8");
            assertThat(jdbc.queryForList("""
                    select ticket_id || ' ' || line_no || ' ' || ticket_ts from pos_ticket_line_disagreeing""", String.class))
                    .as("the disagreeing line as it was stored").isEqualTo(List.of("T2 2 2026-03-02 11:05:00"));
            long maxKey = jdbc.queryForObject("select max(ticket_key) from pos_ticket", Long.class);
            assertThat(jdbc.queryForObject("select nextval('pos_ticket_key_seq')", Long.class))
                    .as("new tickets get keys above the migrated ones").isGreaterThan(maxKey);
            assertThat(jdbc.queryForObject("select ticket_count from customer_profile where customer_id = ?", Long.class,
                    customer)).isEqualTo(1);
            assertThat(jdbc.queryForObject("select total_spend from customer_profile where customer_id = ?",
                    java.math.BigDecimal.class, customer)).isEqualByComparingTo("39");
        }
    }
}
