package io.activationhub.webevents;

import io.activationhub.feed.StreamRuns;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stores web and app events, each once (keyed by {@code event_id}), resolved to a customer when one of its identities
 * is known: the loyalty card ({@code customer_key}), else the email, else the cookie. An event that carries a cookie
 * together with a known card or email links that cookie to the customer (identity {@code cookie}, with the rule that
 * linked it), so the cookie's anonymous events, earlier and later, resolve too.
 * The route {@code web-events} calls {@link #store}; the event, its customer link and its count commit together.
 */
@Component("webEvents")
public class WebEvents {

    public static final String FEED_ID = "web-events";

    /** How an event found its customer. */
    record Resolution(Long customerId, String by) {
        static final Resolution NONE = new Resolution(null, null);
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StreamRuns runs;

    public WebEvents(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, StreamRuns runs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
    }

    /**
     * Checks one event's JSON.
     *
     * @throws io.activationhub.ingest.MessageRejected when the message can never be stored (the route dead-letters it)
     */
    public WebEvent check(String json) {
        return WebEventParser.parse(json, Instant.now());
    }

    /**
     * Stores one checked event with its customer link and its count, in one transaction.
     *
     * @return {@code ACCEPTED}, or {@code DUPLICATE} for an event id already stored
     */
    public StreamRuns.Outcome store(WebEvent event, Integer partition, Long offset) {
        return tx.execute(status -> {
            Resolution resolution = resolve(event);
            int inserted = jdbc.update("""
                    insert into web_event (event_id, type, occurred_at, cookie_id, customer_key, email, sku, category,
                                           price, customer_id, resolved_by, source_partition, source_offset, run_id)
                    values (:id, :type, :at, :cookie, :card, :email, :sku, :category, :price, :customer, :by,
                            :partition, :offset, :run)
                    on conflict (event_id) do nothing""",
                    new MapSqlParameterSource("id", event.eventId()).addValue("type", event.type())
                            .addValue("at", Timestamp.from(event.occurredAt())).addValue("cookie", event.cookieId())
                            .addValue("card", event.customerKey()).addValue("email", event.email())
                            .addValue("sku", event.sku()).addValue("category", event.category())
                            .addValue("price", event.price()).addValue("customer", resolution.customerId())
                            .addValue("by", resolution.by()).addValue("partition", partition)
                            .addValue("offset", offset).addValue("run", runs.runFor(FEED_ID, Instant.now())));
            StreamRuns.Outcome outcome = inserted == 1 ? StreamRuns.Outcome.ACCEPTED : StreamRuns.Outcome.DUPLICATE;
            if (inserted == 1 && resolution.customerId() != null && event.cookieId() != null
                    && !"cookie".equals(resolution.by())) {
                linkCookie(event.cookieId(), resolution.customerId(),
                        "cookie seen with the customer's " + resolution.by() + " on web event " + event.eventId());
            }
            runs.count(FEED_ID, outcome);
            return outcome;
        });
    }

    private Resolution resolve(WebEvent e) {
        for (String[] key : new String[][]{{"card", e.customerKey()}, {"email", e.email()}, {"cookie", e.cookieId()}}) {
            if (key[1] == null) {
                continue;
            }
            List<Long> ids = jdbc.queryForList(
                    "select customer_id from customer_identity where source = :s and source_key = :k",
                    Map.of("s", key[0], "k", key[1]), Long.class);
            if (!ids.isEmpty()) {
                return new Resolution(ids.get(0), key[0]);
            }
        }
        return Resolution.NONE;
    }

    /**
     * Links a cookie to a customer (the first link wins: a cookie already linked to someone else stays theirs) and
     * resolves the cookie's anonymous events.
     *
     * @return the number of earlier anonymous events now resolved
     */
    public int linkCookie(String cookieId, long customerId, String rule) {
        jdbc.update("""
                insert into customer_identity (source, source_key, customer_id, link_rule)
                values ('cookie', :k, :c, :rule) on conflict (source, source_key) do nothing""",
                Map.of("k", cookieId, "c", customerId, "rule", rule));
        return jdbc.update("""
                update web_event e set customer_id = i.customer_id, resolved_by = 'cookie'
                from customer_identity i
                where i.source = 'cookie' and i.source_key = :k and e.cookie_id = :k and e.customer_id is null""",
                Map.of("k", cookieId));
    }
}
