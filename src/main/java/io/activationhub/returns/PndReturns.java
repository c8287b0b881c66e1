package io.activationhub.returns;

import io.activationhub.customer.PostalAddressKey;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * What a PND return means for the customer: the postal address the mail went to is undeliverable. That address's key
 * ({@link PostalAddressKey}, kept on the letter's push) is suppressed for the postal channel, and the customer is
 * flagged ({@code postal_undeliverable_*}: not mailed again until the address changes, when reconciliation clears the
 * flag) while it is still their address. A customer who moved between the mailing and the return ("n'habite pas à
 * l'adresse indiquée" is what a move gives) keeps their new address mailable. A letter sent before pushes kept their
 * address (V76) is taken to have gone to the customer's current address.
 */
@Component
public class PndReturns {

    private final NamedParameterJdbcTemplate jdbc;

    public PndReturns(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies the returns of one PND run; returns how many customers were flagged. */
    public int applyRun(long runId) {
        List<Map<String, Object>> returns = jdbc.queryForList("""
                select r.push_id, r.customer_id, r.returned_on, r.reason_code, r.reason_label, c.address_line2,
                       c.address_line3, c.address_line4, c.address_line5, c.postcode, c.city, c.country,
                       p.address_hash as sent_to
                from postal_return r join customer c on c.id = r.customer_id join push p on p.id = r.push_id
                where r.run_id = :run and r.applied_at is null
                order by r.line_no""", Map.of("run", runId));
        int flagged = 0;
        for (Map<String, Object> r : returns) {
            String current = PostalAddressKey.of((String) r.get("address_line2"), (String) r.get("address_line3"),
                    (String) r.get("address_line4"), (String) r.get("address_line5"), (String) r.get("postcode"),
                    (String) r.get("city"), (String) r.get("country"));
            String key = r.get("sent_to") != null ? (String) r.get("sent_to") : current;
            MapSqlParameterSource p = new MapSqlParameterSource("push", r.get("push_id"))
                    .addValue("customer", r.get("customer_id")).addValue("on", r.get("returned_on"))
                    .addValue("label", r.get("reason_code") + " " + r.get("reason_label")).addValue("key", key)
                    .addValue("source", "pnd run " + runId + " push " + r.get("push_id"));
            if (key != null) {
                jdbc.update("""
                        insert into suppression (channel, address_hash, reason, source)
                        values ('postal', :key, 'pnd', :source) on conflict do nothing""", p);
                if (key.equals(current)) {
                    flagged += jdbc.update("""
                            update customer set postal_undeliverable_at = :on, postal_undeliverable_reason = :label,
                                   postal_undeliverable_hash = :key, updated_at = now()
                            where id = :customer""", p);
                }
            }
            jdbc.update("update postal_return set address_hash = :key, applied_at = now() where push_id = :push", p);
        }
        return flagged;
    }
}
