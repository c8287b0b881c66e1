package io.activationhub.privacy;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Right of access and portability: everything the hub holds about one person, as one JSON document. */
@Component
public class PersonalDataExport {

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;

    public PersonalDataExport(NamedParameterJdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public Map<String, Object> export(long customerId, String actor) {
        Map<String, Object> id = Map.of("id", customerId);
        List<Map<String, Object>> customer = jdbc.queryForList("select * from customer where id = :id", id);
        if (customer.isEmpty()) {
            throw new NoSuchElementException("no customer " + customerId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customer", customer.get(0));
        out.put("identities", jdbc.queryForList("select * from customer_identity where customer_id = :id order by source", id));
        out.put("sourceRecords", jdbc.queryForList("""
                select id, source, source_key, rule, score, record::text as record, received_at, linked_at, unmerged_from
                from identity_link where customer_id = :id order by id""", id));
        out.put("loyaltyRecords", jdbc.queryForList("select * from loyalty_member where customer_id = :id", id));
        out.put("consentHistory", jdbc.queryForList(
                "select * from consent_event where customer_id = :id order by effective_at, id", id));
        out.put("currentConsents", jdbc.queryForList("select * from consent_current where customer_id = :id", id));
        out.put("contactPreferences", jdbc.queryForList("select * from contact_preference where customer_id = :id", id));
        out.put("purchases", jdbc.queryForList(
                "select * from pos_ticket_line where customer_id = :id order by ticket_ts, ticket_id, line_no", id));
        // lines stored before V70 that disagreed with their ticket, as they were (the purchases above hold their items)
        out.put("purchaseLinesAsFirstStored", jdbc.queryForList("""
                select * from pos_ticket_line_disagreeing where customer_id = :id order by ticket_ts, ticket_id, line_no""",
                id));
        out.put("socialEngagements", jdbc.queryForList(
                "select * from social_engagement where customer_id = :id order by created_at", id));
        out.put("messagesSent", jdbc.queryForList("select * from push where customer_id = :id order by id", id));
        out.put("webEvents", jdbc.queryForList("select * from web_event where customer_id = :id order by occurred_at", id));
        out.put("webRegistrations", jdbc.queryForList(
                "select * from web_registration where customer_id = :id order by submitted_at", id));
        out.put("postalReturns", jdbc.queryForList("select * from postal_return where customer_id = :id order by returned_on", id));
        out.put("emailBounces", jdbc.queryForList("select * from email_bounce where customer_id = :id order by id", id));
        audit.record(actor, "export", Identifiers.sha256("customer:" + customerId), Map.of("sections", out.keySet()));
        return out;
    }
}
