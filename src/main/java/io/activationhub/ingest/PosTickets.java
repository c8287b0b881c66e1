package io.activationhub.ingest;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Changes to stored tickets ({@code pos_ticket}, V70) reported in ticket lines, as they were when each line carried
 * its own customer and card: a ticket's customer or card is changed once, for all its lines.
 */
public final class PosTickets {

    private PosTickets() {
    }

    /**
     * Links a POS run's tickets whose card is held by a known customer and that were stored unlinked (the holder was
     * not known yet when they were written); returns their lines.
     */
    public static int linkRunToCardHolders(NamedParameterJdbcTemplate jdbc, long runId) {
        return updateCountingLines(jdbc, """
                update pos_ticket p set customer_id = i.customer_id
                from customer_identity i
                where p.run_id = :run and p.customer_id is null and p.card_number is not null
                  and i.source = 'card' and i.source_key = p.card_number
                returning p.ticket_key""", new MapSqlParameterSource("run", runId));
    }

    /**
     * Runs {@code update}, an {@code update pos_ticket ... returning ticket_key}, and returns how many lines
     * ({@code pos_ticket_item}) the tickets it changed hold.
     */
    public static int updateCountingLines(NamedParameterJdbcTemplate jdbc, String update, SqlParameterSource params) {
        Long lines = jdbc.queryForObject("with changed as (" + update + ")\n"
                + "select count(*) from pos_ticket_item i where i.ticket_key in (select ticket_key from changed)",
                params, Long.class);
        return lines == null ? 0 : Math.toIntExact(lines);
    }

    /**
     * {@link #updateCountingLines} by customer: {@code update} returns {@code ticket_key, customer_id} (the customer
     * the ticket had), and the lines of the tickets it changed are counted per customer.
     */
    public static java.util.Map<Long, Integer> updateCountingLinesByCustomer(NamedParameterJdbcTemplate jdbc,
                                                                           String update, SqlParameterSource params) {
        java.util.Map<Long, Integer> lines = new java.util.HashMap<>();
        jdbc.query("with changed as (" + update + ")\n"
                + "select c.customer_id, count(*) from changed c join pos_ticket_item i on i.ticket_key = c.ticket_key\n"
                + "group by c.customer_id", params, rs -> {
                    lines.put(rs.getLong(1), rs.getInt(2));
                });
        return lines;
    }
}
