package io.activationhub.customer;

import io.activationhub.consent.ConsentLedger;
import io.activationhub.consent.ConsentStatus;
import io.activationhub.ingest.PosTickets;
import io.activationhub.privacy.AuditLog;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Undoes a wrong merge: one source record of a customer (a loyalty card's member record, a web registration) is
 * detached into a new customer of its own, in one transaction. The record's card, its email and mobile (unless another
 * of the customer's records holds them too), the cookie of a registration, the tickets of its card and its web events
 * go with it; its opt-ins are recorded for the new customer with their original proof; the golden records of both are
 * derived again from their source records; both get their blocking keys rebuilt. The link stays, marked unmerged, so
 * the record never joins the old customer again (a newer version of it updates the new customer). Audited.
 */
@Component
public class CustomerUnmerge {

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IdentityLinks links;
    private final GoldenRecords golden;
    private final ConsentLedger consents;
    private final AuditLog audit;

    public CustomerUnmerge(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, IdentityLinks links,
                           GoldenRecords golden, ConsentLedger consents, AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.links = links;
        this.golden = golden;
        this.consents = consents;
        this.audit = audit;
    }

    /**
     * @param linkId    the link to detach, or {@code null} to name it by source and key
     * @param source    {@code loyalty} or {@code registration}
     * @param sourceKey card number or submission id
     * @param actor     who asked (audit)
     * @return what was done
     */
    public Map<String, Object> unmerge(long customerId, Long linkId, String source, String sourceKey, String actor) {
        if (linkId == null && (source == null || sourceKey == null)) {
            throw new IllegalArgumentException("name the source record to detach: {\"source\":\"loyalty\",\"sourceKey\":\"...\"} or {\"linkId\":...}");
        }
        return tx.execute(s -> {
            if (jdbc.queryForList("select id from customer where id = :id for update", Map.of("id", customerId),
                    Long.class).isEmpty()) {
                throw new NoSuchElementException("no customer " + customerId);
            }
            links.ensureLinked(customerId);
            List<Map<String, Object>> found = jdbc.queryForList("""
                    select id, source, source_key, rule from identity_link
                    where customer_id = :c and (id = :link or (source = :s and source_key = :k))""",
                    new MapSqlParameterSource("c", customerId).addValue("link", linkId == null ? -1L : linkId)
                            .addValue("s", source).addValue("k", sourceKey));
            if (found.isEmpty()) {
                throw new NoSuchElementException("customer " + customerId + " has no such source record");
            }
            long link = ((Number) found.get(0).get("id")).longValue();
            String linkSource = (String) found.get(0).get("source");
            String linkKey = (String) found.get(0).get("source_key");
            List<SourceRecord> all = links.records(customerId);
            if (all.size() < 2) {
                throw new IllegalArgumentException("customer " + customerId + " has a single source record: nothing to unmerge");
            }
            SourceRecord detached = all.stream().filter(r -> r.source().equals(linkSource) && r.sourceKey().equals(linkKey))
                    .findFirst().orElseThrow();
            List<SourceRecord> remaining = all.stream().filter(r -> r != detached).toList();

            Long household = sameHome(customerId, detached.member()) ? jdbc.queryForObject(
                    "update customer set household_id = coalesce(household_id, id) where id = :id returning household_id",
                    Map.of("id", customerId), Long.class) : null;
            long newId = jdbc.queryForObject("""
                    insert into customer (household_id) values (:h) returning id""",
                    new MapSqlParameterSource("h", household), Long.class);
            jdbc.update("""
                    update identity_link set customer_id = :n, rule = 'unmerged (was ' || rule || ')',
                           unmerged_from = :c, unmerged_at = now()
                    where id = :link""", Map.of("n", newId, "c", customerId, "link", link));

            List<String> movedIdentities = moveIdentities(customerId, newId, detached, remaining);
            int tickets = 0;
            if ("loyalty".equals(linkSource) || detached.member().cardNumber() != null) {
                String card = detached.member().cardNumber() != null ? detached.member().cardNumber() : linkKey;
                tickets = PosTickets.updateCountingLines(jdbc, """
                        update pos_ticket set customer_id = :n where customer_id = :c and card_number = :card
                        returning ticket_key""",
                        new MapSqlParameterSource(Map.of("n", newId, "c", customerId, "card", card)));
                jdbc.update("update loyalty_member set customer_id = :n where customer_id = :c and card_number = :card",
                        Map.of("n", newId, "c", customerId, "card", card));
            }
            if ("registration".equals(linkSource)) {
                jdbc.update("""
                        update web_registration set customer_id = :n where customer_id = :c and submission_id = :k""",
                        Map.of("n", newId, "c", customerId, "k", linkKey));
            }
            // the scoring facts of the moved tickets follow them
            jdbc.update("""
                    update customer_ticket t set customer_id = :n
                    where t.customer_id = :c and exists (select 1 from pos_ticket p
                          where p.customer_id = :n and p.store_id = t.store_id and p.ticket_id = t.ticket_id)""",
                    Map.of("n", newId, "c", customerId));
            recordConsents(newId, detached, customerId);

            golden.apply(customerId, remaining);
            golden.apply(newId, List.of(detached));
            links.rebuildKeys(customerId, remaining);
            links.rebuildKeys(newId, List.of(detached));

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("link", link);
            details.put("source", linkSource);
            details.put("newCustomerId", newId);
            details.put("identitiesMoved", movedIdentities);
            details.put("ticketLinesMoved", tickets);
            audit.record(actor, "customer.unmerge", "customer " + customerId, details);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("customerId", customerId);
            out.putAll(details);
            return out;
        });
    }

    private boolean sameHome(long customerId, CleanMember detached) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select postcode = :p and address_line4 = :l4 from customer where id = :id""",
                new MapSqlParameterSource("id", customerId).addValue("p", detached.postcode())
                        .addValue("l4", detached.addressLine4()), Boolean.class));
    }

    /** Card, email, mobile and registration cookie of the detached record, unless a remaining record holds them. */
    private List<String> moveIdentities(long customerId, long newId, SourceRecord detached, List<SourceRecord> remaining) {
        List<String> moved = new ArrayList<>();
        String[][] keys = {{"card", detached.member().cardNumber()}, {"email", detached.member().email()},
                {"mobile", detached.member().mobile()}};
        for (String[] key : keys) {
            if (key[1] == null) {
                continue;
            }
            boolean shared = remaining.stream().anyMatch(r -> switch (key[0]) {
                case "card" -> Objects.equals(r.member().cardNumber(), key[1]);
                case "email" -> Objects.equals(r.member().email(), key[1]);
                default -> Objects.equals(r.member().mobile(), key[1]);
            });
            if (!shared && jdbc.update("""
                    update customer_identity set customer_id = :n, link_rule = 'unmerged from customer ' || :c
                    where source = :s and source_key = :k and customer_id = :c""",
                    new MapSqlParameterSource("n", newId).addValue("c", customerId).addValue("s", key[0])
                            .addValue("k", key[1])) > 0) {
                moved.add(key[0]);
            }
        }
        if ("registration".equals(detached.source())) {
            List<String> cookies = jdbc.queryForList("""
                    update customer_identity set customer_id = :n
                    where source = 'cookie' and customer_id = :c and link_rule = :rule returning source_key""",
                    new MapSqlParameterSource("n", newId).addValue("c", customerId)
                            .addValue("rule", "cookie of web registration " + detached.sourceKey()), String.class);
            for (String cookie : cookies) {
                jdbc.update("update web_event set customer_id = :n where customer_id = :c and cookie_id = :k",
                        Map.of("n", newId, "c", customerId, "k", cookie));
                moved.add("cookie");
            }
        }
        return moved;
    }

    private void recordConsents(long newId, SourceRecord r, long from) {
        String proof = (r.proof() == null ? "source record " + r.source() : r.proof())
                + " (detached from customer " + from + ")";
        String source = r.consentSource() == null ? r.source() : r.consentSource();
        record(newId, "email", r.member().optinEmail(), source, proof);
        record(newId, "sms", r.member().optinSms(), source, proof);
        record(newId, "postal", r.member().optinPostal(), source, proof);
        record(newId, "ads", r.member().optinAds(), source, proof);
    }

    private void record(long customerId, String channel, ConsentStatus status, String source, String proof) {
        if (status != null) {
            consents.record(customerId, channel, status, "consent", source, proof, null);
        }
    }
}
