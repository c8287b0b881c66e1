package io.activationhub.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Right to erasure: removes a person from everywhere the hub keeps data about them, in one transaction, and keeps
 * only hashes: tombstones of their identifiers (a later import of the same email, phone or card is never made
 * marketable again) and suppression entries (checked at push time). Sales lines stay for the accounts, without the
 * person; the activation log keeps outcomes, without the person. The report lists what was done, table by table.
 */
@Component
public class PersonalDataEraser {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataEraser.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final io.activationhub.ads.AdAudienceErasure adErasure;
    private final io.activationhub.feed.FeedRunLedger ledger;

    public PersonalDataEraser(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit,
                              io.activationhub.ads.AdAudienceErasure adErasure, io.activationhub.feed.FeedRunLedger ledger) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.adErasure = adErasure;
    }

    /** What an erasure did. */
    public record Report(long auditId, String subjectHash, Map<String, Integer> rows, List<String> notes) {
    }

    /** An erasure's report and the ad platform lists the customer's removal is owed to. */
    private record Erased(Report report, List<String> adLists) {
    }

    /**
     * Erases one customer (a person's request) in one transaction, then pushes their removals to the ad platforms
     * (one that does not acknowledge gets it from the retry schedule).
     */
    public Report erase(long customerId, String actor, String reason) {
        Erased erased = tx.execute(status -> {
            List<Erased> done = eraseInTransaction(List.of(customerId), actor, reason);
            if (done.isEmpty()) {
                throw new NoSuchElementException("no customer " + customerId);
            }
            return done.get(0);
        });
        Report report = erased.report();
        if (erased.adLists().isEmpty()) {
            return report;
        }
        // after the commit: a platform that does not acknowledge now gets the removal from the retry schedule
        List<String> notes = new ArrayList<>(report.notes());
        adErasure.pushPending(report.subjectHash()).forEach(line -> notes.add("ad platform removal, " + line));
        return new Report(report.auditId(), report.subjectHash(), report.rows(), notes);
    }

    /** How many customers {@link #eraseAll} erases in one transaction. */
    static final int BATCH = 500;

    /**
     * Erases many customers (the retention purge), {@link #BATCH} at a time, each batch in one transaction; a customer
     * already gone is skipped. Each still gets their own audit record and report. Their removals from the ad platforms
     * are left owed, for the caller to push together ({@link #pushOwedRemovals}).
     * <p>
     * A batch takes one statement per table, not one per customer: {@code loyalty_member}, {@code customer_score},
     * {@code campaign_control} and others have no index on {@code customer_id} (each would slow the writes that fill
     * them), so erasing customer by customer read each of these tables whole once per customer (0.3 s for
     * {@code loyalty_member} alone with a million members).
     * <p>
     * A batch holds the reconciliation lock ({@link io.activationhub.feed.FeedRunLedger#lockReconciliation}): it locks
     * hundreds of customers, which a reconciliation run, holding some of them for its whole file, could be waiting to
     * lock in another order. The purge and the runs take turns instead of one of them failing on a deadlock.
     */
    public List<Report> eraseAll(List<Long> customerIds, String actor, String reason) {
        return eraseAll(customerIds, actor, reason, BATCH);
    }

    /** {@link #eraseAll(List, String, String)} in batches of this size (package-private for tests). */
    List<Report> eraseAll(List<Long> customerIds, String actor, String reason, int batchSize) {
        List<Report> reports = new ArrayList<>(customerIds.size());
        for (int from = 0; from < customerIds.size(); from += batchSize) {
            List<Long> batch = customerIds.subList(from, Math.min(customerIds.size(), from + batchSize));
            tx.execute(status -> {
                ledger.lockReconciliation();
                return eraseInTransaction(batch, actor, reason);
            }).forEach(e -> reports.add(e.report()));
        }
        return reports;
    }

    /** Erases those of these customers who exist, in the caller's transaction; their reports in id order. */
    private List<Erased> eraseInTransaction(List<Long> customerIds, String actor, String reason) {
        MapSqlParameterSource p = new MapSqlParameterSource("ids", customerIds.toArray(Long[]::new))
                .addValue("reason", reason);
        Map<Long, List<String[]>> identifiers = new LinkedHashMap<>();
        jdbc.query("select id, email, mobile, phone from customer where id = any(cast(:ids as bigint[])) order by id for update",
                p, rs -> {
                    List<String[]> own = new ArrayList<>();
                    add(own, "email", rs.getString("email"));
                    add(own, "phone", rs.getString("mobile"));
                    add(own, "phone", rs.getString("phone"));
                    identifiers.put(rs.getLong("id"), own);
                });
        if (identifiers.isEmpty()) {
            return List.of();
        }
        p.addValue("ids", identifiers.keySet().toArray(Long[]::new));
        jdbc.query("""
                select customer_id, source, source_key from customer_identity
                where customer_id = any(cast(:ids as bigint[])) order by customer_id, source, source_key""", p, rs -> {
            String kind = switch (rs.getString("source")) {
                case "email" -> "email";
                case "mobile", "phone" -> "phone";
                default -> rs.getString("source");
            };
            add(identifiers.get(rs.getLong("customer_id")), kind, rs.getString("source_key"));
        });
        java.util.Set<String> tombstones = new java.util.LinkedHashSet<>();
        java.util.Set<List<String>> suppressions = new java.util.LinkedHashSet<>();
        for (List<String[]> own : identifiers.values()) {
            for (String[] idf : own) {
                tombstones.add(Identifiers.tombstone(idf[0], idf[1]));
                if (idf[0].equals("email") || idf[0].equals("phone")) {
                    for (String channel : idf[0].equals("email") ? List.of("email") : List.of("sms", "phone")) {
                        suppressions.add(List.of(channel, Identifiers.sha256(idf[1])));
                    }
                }
            }
        }
        jdbc.update("""
                insert into erasure_tombstone (identifier_hash, reason)
                select h, :reason from unnest(cast(:h as text[])) h on conflict do nothing""",
                new MapSqlParameterSource("h", tombstones.toArray(String[]::new)).addValue("reason", reason));
        jdbc.update("""
                insert into suppression (channel, address_hash, reason, source)
                select ch, h, 'erasure', 'privacy' from unnest(cast(:ch as text[]), cast(:h as text[])) as x(ch, h)
                on conflict do nothing""",
                new MapSqlParameterSource("ch", suppressions.stream().map(s -> s.get(0)).toArray(String[]::new))
                        .addValue("h", suppressions.stream().map(s -> s.get(1)).toArray(String[]::new)));
        // rows per table and customer, in the order of the report
        Map<String, Map<Long, Integer>> rows = new LinkedHashMap<>();
        Map<Long, Integer> tombstoned = new LinkedHashMap<>();
        identifiers.forEach((id, own) -> tombstoned.put(id, own.size()));
        rows.put("erasure_tombstone", tombstoned);
        for (String table : List.of("consent_event", "contact_preference", "social_engagement", "loyalty_member",
                "web_event", "web_registration", "postal_return")) {
            rows.put(table, deleted(table, p));
        }
        rows.put("email_bounce (kept hashed, unlinked)",
                unlinked("email_bounce", "customer_id = null", p));
        rows.put("pos_ticket_line (kept for the accounts, unlinked)", ticketLinesUnlinked(p));
        rows.put("pos_ticket_line_disagreeing (lines as stored before V70, unlinked)",
                unlinked("pos_ticket_line_disagreeing", "customer_id = null, card_number = null", p));
        rows.put("push (outcomes kept, unlinked)", unlinked("push", "customer_id = null, payload = null, address_hash = null", p));
        for (String table : List.of("customer_identity", "identity_link", "customer_match_key",
                // scores, ticket facts and control-group draws are keyed by customer without a foreign key (insert speed)
                "customer_score", "customer_ticket", "campaign_control")) {
            rows.put(table, deleted(table, p));
        }
        // ad platform lists they were pushed to: their rows become removals owed, pushed after the commit
        Map<Long, List<String>> adLists = new LinkedHashMap<>();
        Map<Long, Integer> owed = new LinkedHashMap<>();
        for (Long id : identifiers.keySet()) {
            List<String> lists = List.copyOf(adErasure.queue(id, subject(id)));
            adLists.put(id, lists);
            owed.put(id, lists.size());
        }
        rows.put("ad_audience_member (removal owed to the ad platforms)", owed);
        Map<Long, Integer> customers = new java.util.HashMap<>();
        jdbc.query("delete from customer where id = any(cast(:ids as bigint[])) returning id", p,
                rs -> {
                    customers.put(rs.getLong(1), 1);
                });
        rows.put("customer", customers);
        List<String> notes = List.of(
                "identifiers kept only as SHA-256 tombstones and suppression entries (never marketable again)",
                "source files in inbox/*/done and quarantine/ are deleted by the file retention purge");
        List<Erased> reports = new ArrayList<>(identifiers.size());
        for (Long id : identifiers.keySet()) {
            Map<String, Integer> own = new LinkedHashMap<>();
            rows.forEach((table, counts) -> own.put(table, counts.getOrDefault(id, 0)));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            details.put("rows", own);
            details.put("adPlatformRemovals", adLists.get(id));
            long auditId = audit.record(actor, "erasure", subject(id), details);
            log.info("Erasure {} ({}): customer removed, rows {}", auditId, reason, own);
            reports.add(new Erased(new Report(auditId, subject(id), own, notes), adLists.get(id)));
        }
        return reports;
    }

    /** The hash an erasure is known by (audit subject, ad platform removals), never the customer's id itself. */
    private static String subject(long customerId) {
        return Identifiers.sha256("customer:" + customerId);
    }

    /** Deletes the customers' rows of a table: how many per customer. */
    private Map<Long, Integer> deleted(String table, MapSqlParameterSource p) {
        return perCustomer("with gone as (delete from " + table
                + " where customer_id = any(cast(:ids as bigint[])) returning customer_id)"
                + " select customer_id, count(*) from gone group by customer_id", p);
    }

    /** Unlinks the customers' rows of a table that are kept ({@code set}): how many per customer. */
    private Map<Long, Integer> unlinked(String table, String set, MapSqlParameterSource p) {
        Map<Long, Integer> counts = perCustomer("select customer_id, count(*) from " + table
                + " where customer_id = any(cast(:ids as bigint[])) group by customer_id", p);
        if (!counts.isEmpty()) {
            jdbc.update("update " + table + " set " + set + " where customer_id = any(cast(:ids as bigint[]))", p);
        }
        return counts;
    }

    /** Unlinks the customers' tickets, kept for the accounts: their lines per customer. */
    private Map<Long, Integer> ticketLinesUnlinked(MapSqlParameterSource p) {
        return io.activationhub.ingest.PosTickets.updateCountingLinesByCustomer(jdbc, """
                update pos_ticket t set customer_id = null, card_number = null
                from (select ticket_key, customer_id from pos_ticket where customer_id = any(cast(:ids as bigint[])))
                     as was
                where t.ticket_key = was.ticket_key
                returning t.ticket_key, was.customer_id""", p);
    }

    private Map<Long, Integer> perCustomer(String sql, MapSqlParameterSource p) {
        Map<Long, Integer> counts = new java.util.HashMap<>();
        jdbc.query(sql, p, rs -> {
            counts.put(rs.getLong(1), rs.getInt(2));
        });
        return counts;
    }

    /**
     * Pushes every removal owed to the ad platforms ({@link io.activationhub.ads.AdAudienceErasure#pushAllOwed}).
     *
     * @return one line per list
     */
    public List<String> pushOwedRemovals() {
        return adErasure.pushAllOwed();
    }

    private static void add(List<String[]> out, String kind, String value) {
        if (value != null && !value.isBlank()) {
            out.add(new String[]{kind, value.trim()});
        }
    }
}
