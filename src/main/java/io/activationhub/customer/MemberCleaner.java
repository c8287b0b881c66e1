package io.activationhub.customer;

import io.activationhub.consent.ConsentStatus;
import io.activationhub.feed.DataQualityCounts;
import io.activationhub.hygiene.CleanContact;
import io.activationhub.hygiene.CleanPhone;
import io.activationhub.hygiene.ContactCleaner;
import io.activationhub.hygiene.ContactRecord;
import io.activationhub.hygiene.Correction;
import io.activationhub.hygiene.Flag;
import io.activationhub.hygiene.FlagCode;
import io.activationhub.hygiene.LenientDateParser;
import io.activationhub.hygiene.ParsedDate;
import io.activationhub.hygiene.PostalAddress;
import io.activationhub.hygiene.ValidityRanges;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A raw loyalty member through contact-data hygiene ({@link ContactCleaner}): one format per field, AFNOR address
 * lines, phones routed so that only mobiles can receive SMS. Every correction and flag is counted for the run's
 * data-quality report.
 */
@Component
public class MemberCleaner {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final ContactCleaner cleaner;
    private final LenientDateParser dates = new LenientDateParser();

    /** With the default validity ranges ({@link ValidityRanges#defaults}). */
    public MemberCleaner() {
        this(ContactCleaner.withDefaults(Clock.system(PARIS)));
    }

    /** With the deployment's validity ranges ({@code hub.hygiene.*}). */
    @org.springframework.beans.factory.annotation.Autowired
    public MemberCleaner(io.activationhub.feed.HygieneSettings hygiene) {
        this(ContactCleaner.withRanges(hygiene.validityRanges()));
    }

    MemberCleaner(ContactCleaner cleaner) {
        this.cleaner = cleaner;
    }

    public CleanMember clean(RawMember m) {
        return clean(m, new DataQualityCounts());
    }

    public CleanMember clean(RawMember m, DataQualityCounts quality) {
        CleanContact c = cleaner.clean(ContactRecord.builder()
                .civility(m.civility()).firstName(m.firstName()).lastName(m.lastName()).contact(m.contact())
                .birthDate(m.birthDate()).email(m.email()).phone(m.phone()).mobile(m.mobile())
                .addressLine1(m.addressLine1()).addressLine2(m.addressLine2()).addressLine3(m.addressLine3())
                .addressLine4(m.addressLine4()).postcode(m.postcode()).city(m.city()).country(m.country())
                .build());
        for (Correction correction : c.corrections()) {
            quality.corrected(correction.field(), correction.code().name());
        }
        for (Flag flag : c.flags()) {
            quality.flagged(flag.field(), flag.code().name());
        }
        PostalAddress a = c.address();
        // a name marked deceased ("Dupont DCD", "(décédée)"): whatever the file's opt-ins say, no channel may reach
        // them; the withdrawal is recorded with this record as its proof
        boolean deceased = c.flags().stream().anyMatch(f -> f.code() == FlagCode.DECEASED);
        return new CleanMember(m.cardNumber(), m.storeId(), enrolment(m.enrolledAt()),
                c.name().civility() == null ? null : c.name().civility().name(),
                firstName(c), c.name().lastName(), c.birthDate(),
                c.email() == null ? null : c.email().address(),
                c.smsNumber(), e164(c.phone()),
                a == null ? null : a.line2(), a == null ? null : a.line3(), a == null ? null : a.line4(),
                a == null ? null : a.line5(), a == null ? null : a.postcode(), a == null ? null : a.town(),
                a == null || a.countryCode() == null ? "FR" : a.countryCode(),
                deceased ? ConsentStatus.WITHDRAWN : ConsentStatus.fromFlag(m.optinEmail()),
                deceased ? ConsentStatus.WITHDRAWN : ConsentStatus.fromFlag(m.optinSms()),
                deceased ? ConsentStatus.WITHDRAWN : ConsentStatus.fromFlag(m.optinPostal()),
                deceased ? ConsentStatus.WITHDRAWN : ConsentStatus.fromFlag(m.optinAds()));
    }

    /**
     * The first name, or the initial the source gave instead ({@code D. Pilliard} gives {@code D.}): identity matching
     * compares an initial with a first name, and survivorship prefers a full first name to it.
     */
    private static String firstName(CleanContact c) {
        if (c.name().firstName() != null) {
            return c.name().firstName();
        }
        return c.name().firstInitial() == null ? null : c.name().firstInitial() + ".";
    }

    private static String e164(CleanPhone phone) {
        return phone == null || !phone.isValid() ? null : phone.e164();
    }

    /** Enrolment: a date ({@code dd/MM/yyyy} or ISO) at midnight Paris time, or an ISO local date-time. */
    OffsetDateTime enrolment(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.trim();
        if (s.length() > 10) {
            try {
                return LocalDateTime.parse(s.replace(' ', 'T')).atZone(PARIS).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                s = s.substring(0, 10);
            }
        }
        ParsedDate d = dates.parse("enrolled_at", s);
        return d.date() == null ? null : d.date().atStartOfDay(PARIS).toOffsetDateTime();
    }
}
