package io.activationhub.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.activationhub.ingest.PosTickets;
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

    public PersonalDataEraser(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit,
                              io.activationhub.ads.AdAudienceErasure adErasure) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.adErasure = adErasure;
    }

    /** What an erasure did. */
    public record Report(long auditId, String subjectHash, Map<String, Integer> rows, List<String> notes) {
    }

    public Report erase(long customerId, String actor, String reason) {
        return erase(customerId, actor, reason, true);
    }

    /**
     * @param pushRemovals push the customer's removals to the ad platforms now; {@code false} leaves them owed (in
     *                     {@code ad_audience_removal}) for the caller to push with others' ({@link #pushOwedRemovals}),
     *                     as the retention purge does: one request per list and batch instead of one per customer
     */
    public Report erase(long customerId, String actor, String reason, boolean pushRemovals) {
        List<String> adLists = new ArrayList<>();
        Report report = tx.execute(status -> {
            List<Map<String, Object>> found = jdbc.queryForList(
                    "select email, mobile, phone from customer where id = :id for update", Map.of("id", customerId));
            if (found.isEmpty()) {
                throw new NoSuchElementException("no customer " + customerId);
            }
            Map<String, Object> c = found.get(0);
            List<String[]> identifiers = new ArrayList<>();
            add(identifiers, "email", (String) c.get("email"));
            add(identifiers, "phone", (String) c.get("mobile"));
            add(identifiers, "phone", (String) c.get("phone"));
            for (Map<String, Object> id : jdbc.queryForList(
                    "select source, source_key from customer_identity where customer_id = :id", Map.of("id", customerId))) {
                String source = (String) id.get("source");
                String kind = switch (source) {
                    case "email" -> "email";
                    case "mobile", "phone" -> "phone";
                    default -> source;
                };
                add(identifiers, kind, (String) id.get("source_key"));
            }
            Map<String, Integer> rows = new LinkedHashMap<>();
            MapSqlParameterSource p = new MapSqlParameterSource("id", customerId).addValue("reason", reason);
            for (String[] idf : identifiers) {
                jdbc.update("insert into erasure_tombstone (identifier_hash, reason) values (:h, :reason) on conflict do nothing",
                        new MapSqlParameterSource("h", Identifiers.tombstone(idf[0], idf[1])).addValue("reason", reason));
                if (idf[0].equals("email") || idf[0].equals("phone")) {
                    for (String channel : idf[0].equals("email") ? List.of("email") : List.of("sms", "phone")) {
                        jdbc.update("""
                                insert into suppression (channel, address_hash, reason, source)
                                values (:ch, :h, 'erasure', 'privacy') on conflict do nothing""",
                                new MapSqlParameterSource("ch", channel).addValue("h", Identifiers.sha256(idf[1])));
                    }
                }
            }
            rows.put("erasure_tombstone", identifiers.size());
            rows.put("consent_event", jdbc.update("delete from consent_event where customer_id = :id", p));
            rows.put("contact_preference", jdbc.update("delete from contact_preference where customer_id = :id", p));
            rows.put("social_engagement", jdbc.update("delete from social_engagement where customer_id = :id", p));
            rows.put("loyalty_member", jdbc.update("delete from loyalty_member where customer_id = :id", p));
            rows.put("web_event", jdbc.update("delete from web_event where customer_id = :id", p));
            rows.put("web_registration", jdbc.update("delete from web_registration where customer_id = :id", p));
            rows.put("postal_return", jdbc.update("delete from postal_return where customer_id = :id", p));
            rows.put("email_bounce (kept hashed, unlinked)", jdbc.update(
                    "update email_bounce set customer_id = null where customer_id = :id", p));
            rows.put("pos_ticket_line (kept for the accounts, unlinked)", PosTickets.updateCountingLines(jdbc, """
                    update pos_ticket set customer_id = null, card_number = null where customer_id = :id
                    returning ticket_key""", p));
            rows.put("pos_ticket_line_disagreeing (lines as stored before V70, unlinked)", jdbc.update(
                    "update pos_ticket_line_disagreeing set customer_id = null, card_number = null where customer_id = :id", p));
            rows.put("push (outcomes kept, unlinked)", jdbc.update("update push set customer_id = null, payload = null where customer_id = :id", p));
            rows.put("customer_identity", jdbc.update("delete from customer_identity where customer_id = :id", p));
            rows.put("identity_link", jdbc.update("delete from identity_link where customer_id = :id", p));
            rows.put("customer_match_key", jdbc.update("delete from customer_match_key where customer_id = :id", p));
            // scores, ticket facts and control-group draws are keyed by customer without a foreign key (insert speed)
            rows.put("customer_score", jdbc.update("delete from customer_score where customer_id = :id", p));
            rows.put("customer_ticket", jdbc.update("delete from customer_ticket where customer_id = :id", p));
            rows.put("campaign_control", jdbc.update("delete from campaign_control where customer_id = :id", p));
            String subject = Identifiers.sha256("customer:" + customerId);
            // ad platform lists they were pushed to: their rows become removals owed, pushed after the commit
            adLists.addAll(adErasure.queue(customerId, subject));
            rows.put("ad_audience_member (removal owed to the ad platforms)", adLists.size());
            rows.put("customer", jdbc.update("delete from customer where id = :id", p));
            List<String> notes = List.of(
                    "identifiers kept only as SHA-256 tombstones and suppression entries (never marketable again)",
                    "source files in inbox/*/done and quarantine/ are deleted by the file retention purge");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            details.put("rows", rows);
            details.put("adPlatformRemovals", List.copyOf(adLists));
            long auditId = audit.record(actor, "erasure", subject, details);
            log.info("Erasure {} ({}): customer removed, rows {}", auditId, reason, rows);
            return new Report(auditId, subject, rows, notes);
        });
        if (adLists.isEmpty() || !pushRemovals) {
            return report;
        }
        // after the commit: a platform that does not acknowledge now gets the removal from the retry schedule
        List<String> notes = new ArrayList<>(report.notes());
        adErasure.pushPending(report.subjectHash()).forEach(line -> notes.add("ad platform removal, " + line));
        return new Report(report.auditId(), report.subjectHash(), report.rows(), notes);
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
