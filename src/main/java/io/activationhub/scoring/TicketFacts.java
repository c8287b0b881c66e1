package io.activationhub.scoring;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.util.Map;

/**
 * The ticket facts scoring reads ({@code customer_ticket}), derived from the stored tickets ({@code pos_ticket}, {@code pos_ticket_item}) in SQL. A full
 * refresh rebuilds them in customer order (so reading them by customer is sequential) with the index dropped during the
 * bulk insert; an incremental one rebuilds only the customers whose
 * lines came or were linked by feed runs reconciled since the last refresh ({@code scoring_fact_run} lists the runs
 * already folded in): a till export's customers, and the card holders a loyalty file linked tickets to.
 * Runs inside the caller's (repeatable-read) transaction, so the facts and the list of folded runs agree.
 */
public class TicketFacts {

    // per ticket (pos_ticket, V70): its items grouped by the ticket's number, the rest read from the ticket
    private static final String TICKETS = """
            insert into customer_ticket (customer_id, store_id, ticket_id, ticket_ts, channel, revenue, line_count,
                                         discounted_lines)
            select t.customer_id, t.store_id, t.ticket_id, t.ticket_ts, t.channel,
                   sum(i.quantity * i.unit_price - i.discount), count(*), count(*) filter (where i.discount > 0)
            from pos_ticket t
            join pos_ticket_item i on i.ticket_key = t.ticket_key
            where t.customer_id is not null %s
            group by t.ticket_key
            order by t.customer_id""";

    private static final String DIRTY_ONLY = "and t.customer_id in (select customer_id from scoring_dirty_customer)";

    private final NamedParameterJdbcTemplate jdbc;

    public TicketFacts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What a refresh did. */
    public record Refresh(String kind, long customers) {
    }

    /** Rebuilds the facts from every stored ticket line. */
    public Refresh full() {
        jdbc.getJdbcTemplate().execute("truncate customer_ticket, scoring_fact_run");
        jdbc.getJdbcTemplate().execute("drop index customer_ticket_customer_idx");
        jdbc.update(TICKETS.formatted(""), Map.of());
        jdbc.getJdbcTemplate().execute("create index customer_ticket_customer_idx on customer_ticket (customer_id)");
        jdbc.update("insert into scoring_fact_run (feed_run_id) select id from feed_run where reconciled_at is not null",
                Map.of());
        jdbc.getJdbcTemplate().execute("analyze customer_ticket");
        Long customers = jdbc.queryForObject("select count(distinct customer_id) from customer_ticket", Map.of(), Long.class);
        return new Refresh("FULL", customers == null ? 0 : customers);
    }

    /** Rebuilds the facts of the customers touched by feed runs reconciled since the last refresh. */
    public Refresh incremental() {
        jdbc.update("""
                create temporary table scoring_new_run on commit drop as
                select id, feed_id from feed_run r
                where r.reconciled_at is not null
                  and not exists (select 1 from scoring_fact_run f where f.feed_run_id = r.id)""", Map.of());
        jdbc.update("""
                create temporary table scoring_dirty_customer on commit drop as
                select customer_id from pos_ticket_line
                where run_id in (select id from scoring_new_run) and customer_id is not null
                union
                select customer_id from loyalty_member
                where run_id in (select id from scoring_new_run) and customer_id is not null""", Map.of());
        jdbc.getJdbcTemplate().execute("analyze scoring_dirty_customer");
        long customers = count("select count(*) from scoring_dirty_customer");
        if (customers > 0) {
            jdbc.update("delete from customer_ticket where customer_id in (select customer_id from scoring_dirty_customer)",
                    Map.of());
            jdbc.update(TICKETS.formatted(DIRTY_ONLY), Map.of());
        }
        jdbc.update("insert into scoring_fact_run (feed_run_id) select id from scoring_new_run", Map.of());
        return new Refresh("INCREMENTAL", customers);
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }
}
