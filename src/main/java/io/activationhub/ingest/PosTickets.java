package io.activationhub.ingest;

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
     * Runs {@code update}, an {@code update pos_ticket ... returning ticket_key}, and returns how many lines
     * ({@code pos_ticket_item}) the tickets it changed hold.
     */
    public static int updateCountingLines(NamedParameterJdbcTemplate jdbc, String update, SqlParameterSource params) {
        Long lines = jdbc.queryForObject("with changed as (" + update + ")\n"
                + "select count(*) from pos_ticket_item i where i.ticket_key in (select ticket_key from changed)",
                params, Long.class);
        return lines == null ? 0 : Math.toIntExact(lines);
    }
}
