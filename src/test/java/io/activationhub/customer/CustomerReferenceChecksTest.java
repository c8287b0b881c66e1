package io.activationhub.customer;

import io.activationhub.infra.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V71 replaced the foreign keys from the reconciliation's tables to {@code customer} with checks made once per
 * statement (and V72 checks tickets the same way): what the foreign keys refused is still refused, with their SQLSTATE
 * and constraint names.
 */
class CustomerReferenceChecksTest {

    private static final Map<String, String> INSERT = Map.of(
            "customer_identity", "insert into customer_identity (source, source_key, customer_id, link_rule) values ('email', 'x%d@example.org', %d, 'test')",
            "identity_link", "insert into identity_link (customer_id, source, source_key, rule, record, received_at) values (%2$d, 'loyalty', 'K%1$d', 'test', '{}', now())",
            "customer_match_key", "insert into customer_match_key (match_key, customer_id) values ('key%d', %d)",
            "consent_event", "insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at) values (%2$d, 'email', 'granted', 'consent', 'test', 'proof %1$d', now())",
            "loyalty_member", "insert into loyalty_member (card_number, run_id, line_no, customer_id) values ('C%d', 1, 1, %d)");

    private static Path home;
    private static EmbeddedPostgresServer pg;
    private static JdbcTemplate jdbc;
    private static int seq;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("reference-checks");
        pg = new EmbeddedPostgresServer(home.resolve("postgres"), 0, s -> { });
        DriverManagerDataSource ds = new DriverManagerDataSource(pg.jdbcUrl());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        jdbc.update("insert into feed (id, kind) values ('loyalty', 'loyalty')");
        jdbc.update("insert into feed_run (id, feed_id, status) values (1, 'loyalty', 'SUCCEEDED')");
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static long customer() {
        return jdbc.queryForObject("insert into customer (first_name) values ('Test') returning id", Long.class);
    }

    private static void insert(String table, long customerId) {
        jdbc.update(INSERT.get(table).formatted(++seq, customerId));
    }

    private static PSQLException cause(Throwable t) {
        while (t != null && !(t instanceof PSQLException)) {
            t = t.getCause();
        }
        return (PSQLException) t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer_identity", "identity_link", "customer_match_key", "consent_event", "loyalty_member"})
    void aRowPointsOnlyAtAnExistingCustomerAndKeepsItFromBeingDeleted(String table) {
        long held = customer();
        insert(table, held);
        assertThatThrownBy(() -> insert(table, held + 1_000_000))
                .satisfies(e -> {
                    assertThat(cause(e).getSQLState()).isEqualTo("23503");
                    assertThat(cause(e).getServerErrorMessage().getConstraint()).isEqualTo(table + "_customer_id_fkey");
                    assertThat(cause(e).getMessage()).contains("Key (customer_id)=(" + (held + 1_000_000)
                            + ") is not present in table \"customer\"");
                });
        assertThatThrownBy(() -> jdbc.update("update " + table + " set customer_id = ? where customer_id = ?",
                held + 1_000_000, held))
                .satisfies(e -> assertThat(cause(e).getSQLState()).isEqualTo("23503"));
        long other = customer();
        assertThat(jdbc.update("update " + table + " set customer_id = ? where customer_id = ?", other, held))
                .as("moving rows to another existing customer (a merge, an unmerge) is allowed").isPositive();

        assertThatThrownBy(() -> jdbc.update("delete from customer where id = ?", other))
                .satisfies(e -> {
                    assertThat(cause(e).getSQLState()).isEqualTo("23503");
                    assertThat(cause(e).getMessage()).contains("still referenced from table \"" + table + "\"");
                });
        assertThatThrownBy(() -> jdbc.update("update customer set id = id + 1000000 where id = ?", other))
                .satisfies(e -> assertThat(cause(e).getSQLState()).isEqualTo("23503"));
        assertThat(jdbc.queryForObject("select count(*) from customer where id = ?", Long.class, other)).isEqualTo(1);

        assertThat(jdbc.update("delete from customer where id = ?", held)).as("a customer nothing points at").isEqualTo(1);
        jdbc.update("delete from " + table + " where customer_id = ?", other);
        assertThat(jdbc.update("delete from customer where id = ?", other)).as("once its rows are gone").isEqualTo(1);
    }

    @Test
    void aTicketPointsOnlyAtAnExistingCustomer() {
        long held = customer();
        String insert = "insert into pos_ticket (ticket_key, store_id, ticket_id, ticket_ts, channel, run_id, customer_id) "
                + "values (nextval('pos_ticket_key_seq'), 'S1', ?, now(), 'store', 1, ?)";
        jdbc.update(insert, "T-" + (++seq), held);
        jdbc.update(insert, "T-" + (++seq), null);
        assertThatThrownBy(() -> jdbc.update(insert, "T-" + (++seq), held + 1_000_000))
                .satisfies(e -> {
                    assertThat(cause(e).getSQLState()).isEqualTo("23503");
                    assertThat(cause(e).getServerErrorMessage().getConstraint()).isEqualTo("pos_ticket_customer_id_fkey");
                });
        assertThatThrownBy(() -> jdbc.update("update pos_ticket set customer_id = ? where customer_id = ?",
                held + 1_000_000, held))
                .satisfies(e -> assertThat(cause(e).getSQLState()).isEqualTo("23503"));
        assertThatThrownBy(() -> jdbc.update("delete from customer where id = ?", held))
                .satisfies(e -> assertThat(cause(e).getMessage()).contains("still referenced from table \"pos_ticket\""));
        jdbc.update("delete from pos_ticket where customer_id = ?", held);
        assertThat(jdbc.update("delete from customer where id = ?", held)).isEqualTo(1);
    }

    @Test
    void membersArriveWithoutACustomerAndTheCustomerTableCannotBeTruncatedUnderReferences() {
        jdbc.update("insert into loyalty_member (card_number, run_id, line_no) values ('NEW-1', 1, 2)");
        long c = customer();
        jdbc.update("update loyalty_member set customer_id = ? where card_number = 'NEW-1'", c);
        assertThatThrownBy(() -> jdbc.execute("truncate customer cascade"))
                .satisfies(e -> assertThat(cause(e).getMessage()).contains("cannot truncate"));
        assertThat(jdbc.queryForObject("select customer_id from loyalty_member where card_number = 'NEW-1'", Long.class))
                .isEqualTo(c);
    }
}
