package io.activationhub.registration;

import io.activationhub.customer.CleanMember;
import io.activationhub.customer.LoyaltyMemberReconciliation;
import io.activationhub.customer.MemberCleaner;
import io.activationhub.customer.RawMember;
import io.activationhub.customer.ReconciliationSummary;
import io.activationhub.webevents.WebEvents;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Stored web registrations into customers, like loyalty members (same cleaning, matching and survivorship), with
 * what a form has of its own: usually no card (it is recognised by email or mobile), its cookie linked to the customer
 * (so the visitor's anonymous web events resolve), and consents proven by "form submission {id} from {ip}".
 * Each registration is reconciled in its own transaction, oldest first.
 */
@Component
public class RegistrationReconciliation {

    private static final int BATCH = 500;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MemberCleaner cleaner;
    private final LoyaltyMemberReconciliation members;
    private final WebEvents webEvents;

    public RegistrationReconciliation(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, MemberCleaner cleaner,
                                      LoyaltyMemberReconciliation members, WebEvents webEvents) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cleaner = cleaner;
        this.members = members;
        this.webEvents = webEvents;
    }

    public ReconciliationSummary reconcilePending() {
        ReconciliationSummary total = ReconciliationSummary.NONE;
        List<String> pending;
        do {
            pending = jdbc.queryForList("""
                    select submission_id from web_registration where reconciled_at is null
                    order by submitted_at, submission_id limit :n""", Map.of("n", BATCH), String.class);
            for (String id : pending) {
                total = total.plus(tx.execute(s -> reconcile(id)));
            }
        } while (pending.size() == BATCH);
        return total;
    }

    /** A stored registration waiting for reconciliation. */
    private record Pending(RawMember member, String cookieId, String clientIp, OffsetDateTime submittedAt, long runId) {
    }

    private ReconciliationSummary reconcile(String submissionId) {
        jdbc.queryForList("select pg_advisory_xact_lock(:k)", Map.of("k", io.activationhub.feed.FeedRunLedger.RECONCILIATION_LOCK));
        List<Pending> rows = jdbc.query("""
                select * from web_registration where submission_id = :id and reconciled_at is null for update""",
                Map.of("id", submissionId), (rs, i) -> new Pending(raw(rs), rs.getString("cookie_id"),
                        rs.getString("client_ip"), rs.getObject("submitted_at", OffsetDateTime.class), rs.getLong("run_id")));
        if (rows.isEmpty()) {
            return ReconciliationSummary.NONE;
        }
        Pending pending = rows.get(0);
        CleanMember member = cleaner.clean(pending.member());
        String label = "web registration " + submissionId;
        LoyaltyMemberReconciliation.Outcome outcome = members.reconcile(member, new LoyaltyMemberReconciliation.Origin(
                label, "web-form", "form submission " + submissionId + " from " + pending.clientIp(),
                pending.submittedAt().toInstant(), "registration", submissionId, pending.submittedAt().toInstant()));
        if (pending.cookieId() != null) {
            webEvents.linkCookie(pending.cookieId(), outcome.customerId(), "cookie of " + label);
        }
        jdbc.update("update web_registration set customer_id = :c, reconciled_at = now() where submission_id = :id",
                Map.of("c", outcome.customerId(), "id", submissionId));
        return new ReconciliationSummary(outcome.created() ? 1 : 0, outcome.created() ? 0 : 1, 0,
                List.of(pending.runId()));
    }

    private static RawMember raw(ResultSet rs) throws SQLException {
        return new RawMember(0, rs.getString("card_number"), null, null, rs.getString("civility"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("contact"),
                rs.getString("birth_date"), rs.getString("email"), rs.getString("phone"), rs.getString("mobile"),
                rs.getString("address_line1"), rs.getString("address_line2"), rs.getString("address_line3"),
                rs.getString("address_line4"), rs.getString("postcode"), rs.getString("city"), rs.getString("country"),
                rs.getString("optin_email"), rs.getString("optin_sms"), rs.getString("optin_postal"));
    }
}
