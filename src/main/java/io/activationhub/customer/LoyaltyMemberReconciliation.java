package io.activationhub.customer;

import io.activationhub.consent.ConsentLedger;
import io.activationhub.consent.ConsentStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Members into golden records: clean each member, find the customer it belongs to by its strongest identity (card,
 * then email, then mobile), create one when none matches, attach every identity with the rule that linked it, and
 * record the opt-ins in the consent ledger with their proof (an erased person's identifiers, kept as tombstones, are
 * never marketable again, whatever the source says). Loyalty runs come through {@link #reconcileRun}; other
 * sources of members (web registrations) through {@link #reconcile} with their own {@link Origin}.
 */
@Component
public class LoyaltyMemberReconciliation {

    /**
     * Where a member comes from.
     *
     * @param label         names the source in identity link rules ("loyalty member", "web registration 1f2e...")
     * @param consentSource the consent ledger's source (feed id, "web-form")
     * @param proof         the consent proof (file and line, form submission id and IP)
     * @param consentAt     when the choices were made ({@code null}: now)
     */
    public record Origin(String label, String consentSource, String proof, Instant consentAt) {
    }

    /** The customer a member landed on. */
    public record Outcome(long customerId, boolean created) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ConsentLedger consents;
    private final MemberCleaner cleaner;
    private final io.activationhub.privacy.ErasureTombstones tombstones;
    private final io.activationhub.feed.DataQualityReports quality;

    public LoyaltyMemberReconciliation(NamedParameterJdbcTemplate jdbc, ConsentLedger consents, MemberCleaner cleaner,
                                       io.activationhub.privacy.ErasureTombstones tombstones,
                                       io.activationhub.feed.DataQualityReports quality) {
        this.tombstones = tombstones;
        this.quality = quality;
        this.jdbc = jdbc;
        this.consents = consents;
        this.cleaner = cleaner;
    }

    public ReconciliationSummary reconcileRun(long runId) {
        String source = jdbc.queryForObject("select coalesce(source_name, '') from feed_run where id = :run",
                Map.of("run", runId), String.class);
        int[] createdUpdated = new int[2];
        io.activationhub.feed.DataQualityCounts counts = new io.activationhub.feed.DataQualityCounts();
        jdbc.query("select * from loyalty_member where run_id = :run order by line_no", Map.of("run", runId), rs -> {
            RawMember raw = RawMember.from(rs);
            CleanMember member = cleaner.clean(raw, counts);
            Outcome outcome = reconcile(member, new Origin("loyalty member", "loyalty",
                    "file " + source + " line " + raw.lineNo() + " (run " + runId + ")",
                    member.enrolledAt() == null ? null : member.enrolledAt().toInstant()));
            createdUpdated[outcome.created() ? 0 : 1]++;
            jdbc.update("update loyalty_member set customer_id = :c where card_number = :card",
                    Map.of("c", outcome.customerId(), "card", member.cardNumber()));
        });
        quality.add(runId, counts);
        return new ReconciliationSummary(createdUpdated[0], createdUpdated[1], 0, List.of());
    }

    /** One cleaned member into a golden record, with its identities and consents. */
    public Outcome reconcile(CleanMember member, Origin origin) {
        Optional<Long> existing = findCustomer(member);
        long customerId;
        if (existing.isPresent()) {
            customerId = existing.get();
            update(customerId, member);
        } else {
            customerId = create(member);
        }
        linkIdentity("card", member.cardNumber(), customerId, existing.isPresent() ? "same card" : "new customer");
        linkIdentity("email", member.email(), customerId, origin.label() + " email");
        linkIdentity("mobile", member.mobile(), customerId, origin.label() + " mobile");
        if (tombstones.matches(member.email(), member.mobile(), member.phone(), member.cardNumber())) {
            // this person asked to be erased: whatever the file or form says, they are not marketable
            for (String channel : new String[]{"email", "sms", "postal"}) {
                consents.recordIfChanged(customerId, channel, ConsentStatus.DENIED, "consent", "erasure-tombstone",
                        origin.proof() + ": identifier of an erased person", null);
            }
        } else {
            recordConsent(customerId, "email", member.optinEmail(), origin);
            recordConsent(customerId, "sms", member.optinSms(), origin);
            recordConsent(customerId, "postal", member.optinPostal(), origin);
        }
        return new Outcome(customerId, existing.isEmpty());
    }

    private void recordConsent(long customerId, String channel, ConsentStatus status, Origin origin) {
        if (status != null) {
            consents.recordIfChanged(customerId, channel, status, "consent", origin.consentSource(), origin.proof(),
                    origin.consentAt());
        }
    }

    private Optional<Long> findCustomer(CleanMember m) {
        for (String[] key : new String[][]{{"card", m.cardNumber()}, {"email", m.email()}, {"mobile", m.mobile()}}) {
            if (key[1] == null) {
                continue;
            }
            List<Long> ids = jdbc.queryForList(
                    "select customer_id from customer_identity where source = :s and source_key = :k",
                    Map.of("s", key[0], "k", key[1]), Long.class);
            if (!ids.isEmpty()) {
                return Optional.of(ids.get(0));
            }
        }
        return Optional.empty();
    }

    private MapSqlParameterSource params(CleanMember m) {
        return new MapSqlParameterSource()
                .addValue("civility", m.civility()).addValue("first", m.firstName()).addValue("last", m.lastName())
                .addValue("email", m.email()).addValue("mobile", m.mobile()).addValue("phone", m.phone())
                .addValue("birth", m.birthDate())
                .addValue("l2", m.addressLine2()).addValue("l3", m.addressLine3()).addValue("l4", m.addressLine4())
                .addValue("l5", m.addressLine5()).addValue("postcode", m.postcode()).addValue("city", m.city())
                .addValue("country", m.country()).addValue("store", m.storeId())
                .addValue("enrolled", m.enrolledAt() == null ? null : Timestamp.from(m.enrolledAt().toInstant()));
    }

    private long create(CleanMember m) {
        return jdbc.queryForObject("""
                insert into customer (civility, first_name, last_name, email, mobile, phone, birth_date, address_line2,
                                      address_line3, address_line4, address_line5, postcode, city, country,
                                      home_store_id, enrolled_at)
                values (:civility, :first, :last, :email, :mobile, :phone, :birth, :l2, :l3, :l4, :l5, :postcode, :city,
                        :country, :store, :enrolled)
                returning id""", params(m), Long.class);
    }

    /**
     * Survivorship for now: the latest non-empty value wins, field by field. An address flagged undeliverable (PND)
     * loses its flag when the address changes.
     */
    private void update(long id, CleanMember m) {
        Map<String, Object> after = jdbc.queryForMap("""
                update customer set civility = coalesce(:civility, civility), first_name = coalesce(:first, first_name),
                       last_name = coalesce(:last, last_name), email = coalesce(:email, email),
                       mobile = coalesce(:mobile, mobile), phone = coalesce(:phone, phone),
                       birth_date = coalesce(:birth, birth_date), address_line2 = coalesce(:l2, address_line2),
                       address_line3 = coalesce(:l3, address_line3), address_line4 = coalesce(:l4, address_line4),
                       address_line5 = coalesce(:l5, address_line5), postcode = coalesce(:postcode, postcode),
                       city = coalesce(:city, city), country = coalesce(:country, country),
                       home_store_id = coalesce(:store, home_store_id), enrolled_at = coalesce(enrolled_at, :enrolled),
                       updated_at = now()
                where id = :id
                returning address_line2, address_line3, address_line4, address_line5, postcode, city, country,
                          postal_undeliverable_hash""", params(m).addValue("id", id));
        String flagged = (String) after.get("postal_undeliverable_hash");
        if (flagged != null && !flagged.equals(PostalAddressKey.of((String) after.get("address_line2"),
                (String) after.get("address_line3"), (String) after.get("address_line4"),
                (String) after.get("address_line5"), (String) after.get("postcode"), (String) after.get("city"),
                (String) after.get("country")))) {
            jdbc.update("""
                    update customer set postal_undeliverable_at = null, postal_undeliverable_reason = null,
                           postal_undeliverable_hash = null
                    where id = :id""", Map.of("id", id));
        }
    }

    private void linkIdentity(String source, String key, long customerId, String rule) {
        if (key == null) {
            return;
        }
        jdbc.update("""
                insert into customer_identity (source, source_key, customer_id, link_rule)
                values (:s, :k, :c, :rule) on conflict (source, source_key) do nothing""",
                Map.of("s", source, "k", key, "c", customerId, "rule", rule));
    }
}
