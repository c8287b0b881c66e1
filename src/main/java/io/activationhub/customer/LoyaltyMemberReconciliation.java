package io.activationhub.customer;

import io.activationhub.consent.ConsentLedger;
import io.activationhub.consent.ConsentStatus;
import io.activationhub.identity.CandidateMatcher;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Members into golden records: clean each member, find the customer it belongs to by its strongest identity (card,
 * then email, then mobile), else by probabilistic matching against the customers sharing a blocking key
 * ({@link IdentityLinks}), create one when none matches, keep the source record with the rule (and score) that linked
 * it, derive the golden record from all the customer's source records ({@link GoldenRecords}), attach every identity
 * with the rule that linked it, and
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
     * @param linkSource    the kind of source record ({@code loyalty}, {@code registration}) in {@code identity_link}
     * @param linkKey       the source record's key there (card number, submission id)
     * @param receivedAt    when the source record was received (survivorship's "recent")
     */
    public record Origin(String label, String consentSource, String proof, Instant consentAt, String linkSource,
                         String linkKey, Instant receivedAt) {
    }

    /** The customer a member landed on, and the rule that put it there. */
    public record Outcome(long customerId, boolean created, String rule) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ConsentLedger consents;
    private final MemberCleaner cleaner;
    private final io.activationhub.privacy.ErasureTombstones tombstones;
    private final io.activationhub.feed.DataQualityReports quality;

    private final IdentityLinks links;
    private final GoldenRecords golden;

    public LoyaltyMemberReconciliation(NamedParameterJdbcTemplate jdbc, ConsentLedger consents, MemberCleaner cleaner,
                                       io.activationhub.privacy.ErasureTombstones tombstones,
                                       io.activationhub.feed.DataQualityReports quality, IdentityLinks links,
                                       GoldenRecords golden) {
        this.links = links;
        this.golden = golden;
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
        Instant receivedAt = Instant.now();
        jdbc.query("select * from loyalty_member where run_id = :run order by line_no", Map.of("run", runId), rs -> {
            RawMember raw = RawMember.from(rs);
            CleanMember member = cleaner.clean(raw, counts);
            Outcome outcome = reconcile(member, new Origin("loyalty member", "loyalty",
                    "file " + source + " line " + raw.lineNo() + " (run " + runId + ")",
                    member.enrolledAt() == null ? null : member.enrolledAt().toInstant(), "loyalty",
                    member.cardNumber(), receivedAt));
            createdUpdated[outcome.created() ? 0 : 1]++;
            jdbc.update("update loyalty_member set customer_id = :c where card_number = :card",
                    Map.of("c", outcome.customerId(), "card", member.cardNumber()));
        });
        quality.add(runId, counts);
        return new ReconciliationSummary(createdUpdated[0], createdUpdated[1], 0, List.of());
    }

    /**
     * One cleaned member into a golden record, with its identities and consents. The customer is, in this order: the
     * one the source record already belongs to; the one holding its card, email or mobile; the one the identity engine
     * finds it is (Fellegi–Sunter, against the customers sharing a blocking key); else a new customer, in the
     * household of a customer at the same home. The link is stored with its explanation and the golden record derived
     * again from all the customer's source records.
     */
    public Outcome reconcile(CleanMember member, Origin origin) {
        SourceRecord record = new SourceRecord(origin.linkSource(), origin.linkKey() != null ? origin.linkKey()
                : java.util.UUID.randomUUID().toString(),
                origin.receivedAt() == null ? Instant.now() : origin.receivedAt(), member, origin.consentSource(),
                origin.proof());
        Optional<Long> known = links.customerOf(record.source(), origin.linkKey());
        String rule;
        CandidateMatcher.Match match = null;
        long customerId;
        boolean created = false;
        if (known.isPresent()) {
            customerId = known.get();
            rule = "same " + record.source() + " record";
        } else {
            Long byKey = null;
            rule = null;
            for (String[] key : new String[][]{{"card", member.cardNumber()}, {"email", member.email()},
                    {"mobile", member.mobile()}}) {
                Optional<Long> id = identity(key[0], key[1]);
                if (id.isPresent()) {
                    byKey = id.get();
                    rule = "same " + key[0];
                    break;
                }
            }
            if (byKey != null) {
                customerId = byKey;
            } else {
                CandidateMatcher.Decision decision = links.match(member);
                if (decision.person().isPresent()) {
                    match = decision.person().get();
                    customerId = Long.parseLong(match.candidateId());
                    rule = "probabilistic";
                } else {
                    customerId = create(member, decision.household().map(Long::parseLong).orElse(null));
                    created = true;
                    rule = "new customer";
                }
            }
        }
        if (!created) {
            links.ensureLinked(customerId);
        }
        links.link(customerId, record, rule, match);
        links.addKeys(customerId, member);
        if (!created) {
            golden.apply(customerId, links.records(customerId));
        }
        String identityRule = match == null ? rule
                : String.format(java.util.Locale.ROOT, "probabilistic (p=%.4f)", match.posterior());
        linkIdentity("card", member.cardNumber(), customerId, identityRule);
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
        return new Outcome(customerId, created, rule);
    }

    private void recordConsent(long customerId, String channel, ConsentStatus status, Origin origin) {
        if (status != null) {
            consents.recordIfChanged(customerId, channel, status, "consent", origin.consentSource(), origin.proof(),
                    origin.consentAt());
        }
    }

    private Optional<Long> identity(String source, String key) {
        if (key == null) {
            return Optional.empty();
        }
        return jdbc.queryForList("select customer_id from customer_identity where source = :s and source_key = :k",
                Map.of("s", source, "k", key), Long.class).stream().findFirst();
    }

    /** A new customer; in the household of the given customer (who starts it when they had none). */
    private long create(CleanMember m, Long sameHomeAs) {
        Long household = null;
        if (sameHomeAs != null) {
            household = jdbc.queryForObject("""
                    update customer set household_id = coalesce(household_id, id) where id = :id returning household_id""",
                    Map.of("id", sameHomeAs), Long.class);
        }
        return jdbc.queryForObject("""
                insert into customer (civility, first_name, last_name, email, mobile, phone, birth_date, address_line2,
                                      address_line3, address_line4, address_line5, postcode, city, country,
                                      home_store_id, enrolled_at, household_id)
                values (:civility, :first, :last, :email, :mobile, :phone, :birth, :l2, :l3, :l4, :l5, :postcode, :city,
                        :country, :store, :enrolled, :household)
                returning id""", GoldenRecords.params(m).addValue("household", household), Long.class);
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
