package io.activationhub.webevents;

import io.activationhub.feed.StreamRuns;
import io.activationhub.ingest.BatchOutcome;
import io.activationhub.ingest.MessageRejected;
import io.activationhub.ingest.RejectedMessage;
import io.activationhub.ingest.StreamMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores web and app events, each once (keyed by {@code event_id}), resolved to a customer when one of its identities
 * is known: the loyalty card ({@code customer_key}), else the email, else the cookie. An event that carries a cookie
 * together with a known card or email links that cookie to the customer (identity {@code cookie}, with the rule that
 * linked it; the first link wins), so the cookie's anonymous events, earlier and later, resolve too.
 * <p>
 * The route {@code web-events} consumes Kafka in batches: {@link #check} reads every message of a batch (a message
 * that can never be stored is set apart, with its reason, for the dead-letter topic), then {@link #store} stores the
 * batch in one transaction, set-based: redeliveries looked up by key, the identities of the whole batch read in one
 * query, the events decided in the batch's order (so an anonymous cookie event followed by the same cookie with an
 * email both end resolved), inserted in one statement ({@code on conflict (event_id) do nothing}: a redelivered event
 * is a duplicate), the new cookie links and their anonymous events in two statements, and the batch counted once in
 * the window's feed run. Lookups are one primary-key probe per key, and the statements are planned for each batch:
 * {@code web_event} may grow from empty by thousands of rows a second (bench/README.md "Web events").
 */
@Component("webEvents")
public class WebEvents {

    public static final String FEED_ID = "web-events";
    private static final Logger log = LoggerFactory.getLogger(WebEvents.class);

    /** How an event found its customer. */
    record Resolution(Long customerId, String by) {
        static final Resolution NONE = new Resolution(null, null);
    }

    /** One checked event and where it came from. */
    public record Received(WebEvent event, int partition, long offset) {
    }

    /** A checked batch: the events to store, in the batch's order, and the messages rejected. */
    public record Checked(List<Received> events, List<RejectedMessage> rejected) implements BatchOutcome {
    }

    /** What storing a batch did: read = accepted + rejected + duplicate. */
    public record Stored(int accepted, int duplicate, List<RejectedMessage> rejected, int cookiesLinked)
            implements BatchOutcome {
        public int read() {
            return accepted + duplicate + rejected.size();
        }
    }

    /** A cookie seen with a known customer's card or email, by the event that showed it. */
    private record Link(String cookie, long customerId, String rule, String eventId) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StreamRuns runs;
    private volatile Boolean customPlans;

    public WebEvents(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, StreamRuns runs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
    }

    /** Checks each message of a batch; never throws for a bad message: it is listed among the rejected. */
    public Checked check(List<StreamMessage> messages) {
        Instant now = Instant.now();
        List<Received> events = new ArrayList<>(messages.size());
        List<RejectedMessage> rejected = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            StreamMessage m = messages.get(i);
            try {
                events.add(new Received(WebEventParser.parse(m.body(), now), m.partition(), m.offset()));
            } catch (MessageRejected e) {
                rejected.add(new RejectedMessage(i, e.getMessage()));
            }
        }
        return new Checked(events, rejected);
    }

    /**
     * Stores a checked batch with its customer resolutions, cookie links and counts (its rejected messages counted
     * too), in one transaction.
     */
    public Stored store(Checked batch) {
        long t0 = System.nanoTime();
        Stored stored = tx.execute(status -> storeInTransaction(batch));
        if (log.isDebugEnabled()) {
            log.debug("Stored a batch of {} web events in {} ms: {} accepted, {} duplicate, {} rejected, {} cookies linked",
                    stored.read(), (System.nanoTime() - t0) / 1_000_000, stored.accepted(), stored.duplicate(),
                    stored.rejected().size(), stored.cookiesLinked());
        }
        return stored;
    }

    private Stored storeInTransaction(Checked batch) {
        planEachBatch();
        long runId = runs.runFor(FEED_ID, Instant.now());
        // a redelivered event can come twice in one batch: the first occurrence is the one stored
        Map<String, Received> unique = new LinkedHashMap<>();
        for (Received r : batch.events()) {
            unique.putIfAbsent(r.event().eventId(), r);
        }
        int duplicate = batch.events().size() - unique.size();
        // one primary-key lookup per event (a scalar subquery is never turned into a join that could scan the table)
        Set<String> stored = new HashSet<>(unique.isEmpty() ? List.of() : jdbc.queryForList("""
                select id from (select x.id, (select true from web_event e where e.event_id = x.id) as stored
                                from unnest(cast(:ids as text[])) as x(id)) s
                where stored""",
                new MapSqlParameterSource("ids", unique.keySet().toArray(String[]::new)), String.class));
        Map<String, Long> owners = identities(unique.values());

        // decide each new event in the batch's order; a cookie linked by an earlier event resolves the later ones
        List<Received> fresh = new ArrayList<>(unique.size());
        List<Resolution> resolutions = new ArrayList<>(unique.size());
        Map<String, Link> links = new LinkedHashMap<>();
        for (Received r : unique.values()) {
            WebEvent e = r.event();
            if (stored.contains(e.eventId())) {
                duplicate++;
                continue;
            }
            Resolution resolution = resolve(e, owners);
            if (resolution.customerId() != null && e.cookieId() != null && !"cookie".equals(resolution.by())
                    && !owners.containsKey(key("cookie", e.cookieId()))) {
                owners.put(key("cookie", e.cookieId()), resolution.customerId());
                links.put(e.cookieId(), new Link(e.cookieId(), resolution.customerId(),
                        "cookie seen with the customer's " + resolution.by() + " on web event " + e.eventId(), e.eventId()));
            }
            fresh.add(r);
            resolutions.add(resolution);
        }

        Set<String> inserted = insert(fresh, resolutions, runId);
        // another instance may have stored one of them meanwhile: it is a duplicate here, and its link is that copy's
        duplicate += fresh.size() - inserted.size();
        List<Link> made = links.values().stream().filter(l -> inserted.contains(l.eventId())).toList();
        int linked = linkCookies(made);
        runs.count(FEED_ID, inserted.size(), batch.rejected().size(), duplicate);
        return new Stored(inserted.size(), duplicate, batch.rejected(), linked);
    }

    /**
     * Plans this transaction's statements for this batch (its sizes, the table's size now): the driver prepares
     * statements on the server after a few executions and PostgreSQL may then keep a generic plan made while
     * web_event was small (a fresh hub) until the next analyze, minutes and hundreds of thousands of events later.
     */
    private void planEachBatch() {
        if (customPlans == null) {
            Integer version = jdbc.queryForObject("select current_setting('server_version_num')::int", Map.of(), Integer.class);
            customPlans = version != null && version >= 120000; // plan_cache_mode is PostgreSQL 12+
        }
        if (customPlans) {
            jdbc.update("set local plan_cache_mode = force_custom_plan", Map.of());
        }
    }

    /** The customers of the batch's cards, emails and cookies, by {@link #key(String, String)}, in one query. */
    private Map<String, Long> identities(Iterable<Received> events) {
        Set<String> keys = new LinkedHashSet<>();
        for (Received r : events) {
            WebEvent e = r.event();
            if (e.customerKey() != null) {
                keys.add(key("card", e.customerKey()));
            }
            if (e.email() != null) {
                keys.add(key("email", e.email()));
            }
            if (e.cookieId() != null) {
                keys.add(key("cookie", e.cookieId()));
            }
        }
        Map<String, Long> owners = new HashMap<>();
        if (keys.isEmpty()) {
            return owners;
        }
        String[] sources = new String[keys.size()];
        String[] sourceKeys = new String[keys.size()];
        int i = 0;
        for (String k : keys) {
            int sep = k.indexOf('\u0000');
            sources[i] = k.substring(0, sep);
            sourceKeys[i++] = k.substring(sep + 1);
        }
        // one primary-key lookup per identity, whatever the planner thinks of the table's statistics
        jdbc.query("""
                select x.s, x.k, (select i.customer_id from customer_identity i where i.source = x.s and i.source_key = x.k)
                from unnest(cast(:s as text[]), cast(:k as text[])) as x(s, k)""",
                new MapSqlParameterSource("s", sources).addValue("k", sourceKeys),
                rs -> {
                    long customer = rs.getLong(3);
                    if (!rs.wasNull()) {
                        owners.put(key(rs.getString(1), rs.getString(2)), customer);
                    }
                });
        return owners;
    }

    private static Resolution resolve(WebEvent e, Map<String, Long> owners) {
        String[][] identities = {{"card", e.customerKey()}, {"email", e.email()}, {"cookie", e.cookieId()}};
        for (String[] identity : identities) {
            if (identity[1] != null) {
                Long customer = owners.get(key(identity[0], identity[1]));
                if (customer != null) {
                    return new Resolution(customer, identity[0]);
                }
            }
        }
        return Resolution.NONE;
    }

    private static String key(String source, String sourceKey) {
        return source + '\u0000' + sourceKey;
    }

    /** Inserts the events in one statement; returns the ids actually inserted. */
    private Set<String> insert(List<Received> events, List<Resolution> resolutions, long runId) {
        if (events.isEmpty()) {
            return Set.of();
        }
        int n = events.size();
        String[] id = new String[n], type = new String[n], at = new String[n], cookie = new String[n],
                card = new String[n], email = new String[n], sku = new String[n], category = new String[n],
                price = new String[n], customer = new String[n], by = new String[n], partition = new String[n],
                offset = new String[n];
        for (int i = 0; i < n; i++) {
            Received r = events.get(i);
            WebEvent e = r.event();
            Resolution res = resolutions.get(i);
            id[i] = e.eventId();
            type[i] = e.type();
            at[i] = e.occurredAt().toString();
            cookie[i] = e.cookieId();
            card[i] = e.customerKey();
            email[i] = e.email();
            sku[i] = e.sku();
            category[i] = e.category();
            price[i] = e.price() == null ? null : e.price().toPlainString();
            customer[i] = res.customerId() == null ? null : res.customerId().toString();
            by[i] = res.by();
            partition[i] = r.partition() < 0 ? null : Integer.toString(r.partition());
            offset[i] = r.offset() < 0 ? null : Long.toString(r.offset());
        }
        return new HashSet<>(jdbc.queryForList("""
                insert into web_event (event_id, type, occurred_at, cookie_id, customer_key, email, sku, category,
                                       price, customer_id, resolved_by, source_partition, source_offset, run_id)
                select x.*, :run from unnest(cast(:id as text[]), cast(:type as text[]), cast(:at as timestamptz[]),
                                             cast(:cookie as text[]), cast(:card as text[]), cast(:email as text[]),
                                             cast(:sku as text[]), cast(:category as text[]), cast(:price as numeric[]),
                                             cast(:customer as bigint[]), cast(:by as text[]), cast(:partition as int[]),
                                             cast(:offset as bigint[])) as x
                on conflict (event_id) do nothing
                returning event_id""",
                new MapSqlParameterSource("id", id).addValue("type", type).addValue("at", at).addValue("cookie", cookie)
                        .addValue("card", card).addValue("email", email).addValue("sku", sku)
                        .addValue("category", category).addValue("price", price).addValue("customer", customer)
                        .addValue("by", by).addValue("partition", partition).addValue("offset", offset)
                        .addValue("run", runId),
                String.class));
    }

    /**
     * Writes the batch's new cookie links (the first link wins: a cookie already linked to someone else stays theirs)
     * and resolves the anonymous events of those cookies, earlier ones included.
     *
     * @return the number of links written
     */
    private int linkCookies(List<Link> links) {
        if (links.isEmpty()) {
            return 0;
        }
        String[] cookies = links.stream().map(Link::cookie).toArray(String[]::new);
        MapSqlParameterSource p = new MapSqlParameterSource("k", cookies)
                .addValue("c", links.stream().map(l -> Long.toString(l.customerId())).toArray(String[]::new))
                .addValue("rule", links.stream().map(Link::rule).toArray(String[]::new));
        int written = jdbc.update("""
                insert into customer_identity (source, source_key, customer_id, link_rule)
                select 'cookie', x.k, x.c, x.rule
                from unnest(cast(:k as text[]), cast(:c as bigint[]), cast(:rule as text[])) as x(k, c, rule)
                on conflict (source, source_key) do nothing""", p);
        // one key lookup per cookie of the batch: a join could read every cookie link ever made (the planner's
        // estimate of the cookie identities lags behind their growth)
        jdbc.update("""
                update web_event e set customer_id = l.customer_id, resolved_by = 'cookie'
                from (select x.k, (select i.customer_id from customer_identity i
                                   where i.source = 'cookie' and i.source_key = x.k) as customer_id
                      from unnest(cast(:k as text[])) as x(k)) l
                where e.cookie_id = l.k and e.customer_id is null and l.customer_id is not null""", p);
        return written;
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
