package io.activationhub.customer;

import io.activationhub.consent.ConsentStatus;
import io.activationhub.identity.PersonRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One source record of a customer as stored in {@code identity_link.record}: the cleaned member (loyalty file line,
 * web registration) with where its consents came from, so that a golden record can be derived again from its source
 * records and an unmerged record can stand alone with nothing lost. {@link #toString()} shows no personal data.
 */
public record SourceRecord(String source, String sourceKey, Instant receivedAt, CleanMember member,
                           String consentSource, String proof) {

    private static final Pattern NUMBERED_STREET = Pattern.compile("^(\\d+\\s?(?:BIS|TER|QUATER|[A-Z](?= ))?)\\s+(.+)$");

    public Map<String, Object> toJson() {
        CleanMember m = member;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("card_number", m.cardNumber());
        out.put("store_id", m.storeId());
        out.put("enrolled_at", m.enrolledAt() == null ? null : m.enrolledAt().toString());
        out.put("civility", m.civility());
        out.put("first_name", m.firstName());
        out.put("last_name", m.lastName());
        out.put("birth_date", m.birthDate() == null ? null : m.birthDate().toString());
        out.put("email", m.email());
        out.put("mobile", m.mobile());
        out.put("phone", m.phone());
        out.put("address_line2", m.addressLine2());
        out.put("address_line3", m.addressLine3());
        out.put("address_line4", m.addressLine4());
        out.put("address_line5", m.addressLine5());
        out.put("postcode", m.postcode());
        out.put("city", m.city());
        out.put("country", m.country());
        out.put("optin_email", m.optinEmail() == null ? null : m.optinEmail().name());
        out.put("optin_sms", m.optinSms() == null ? null : m.optinSms().name());
        out.put("optin_postal", m.optinPostal() == null ? null : m.optinPostal().name());
        out.put("optin_ads", m.optinAds() == null ? null : m.optinAds().name());
        out.put("consent_source", consentSource);
        out.put("proof", proof);
        return out;
    }

    public static SourceRecord fromJson(String source, String sourceKey, Instant receivedAt, Map<String, Object> j) {
        CleanMember m = new CleanMember(s(j, "card_number"), s(j, "store_id"),
                s(j, "enrolled_at") == null ? null : OffsetDateTime.parse(s(j, "enrolled_at")),
                s(j, "civility"), s(j, "first_name"), s(j, "last_name"),
                s(j, "birth_date") == null ? null : LocalDate.parse(s(j, "birth_date")),
                s(j, "email"), s(j, "mobile"), s(j, "phone"), s(j, "address_line2"), s(j, "address_line3"),
                s(j, "address_line4"), s(j, "address_line5"), s(j, "postcode"), s(j, "city"), s(j, "country"),
                status(s(j, "optin_email")), status(s(j, "optin_sms")), status(s(j, "optin_postal")),
                status(s(j, "optin_ads")));
        return new SourceRecord(source, sourceKey, receivedAt, m, s(j, "consent_source"), s(j, "proof"));
    }

    /** The record as identity matching compares it, under the given id. */
    public PersonRecord person(String id) {
        return person(id, member);
    }

    public static PersonRecord person(String id, CleanMember m) {
        String number = null;
        String street = m.addressLine4();
        if (street != null) {
            Matcher n = NUMBERED_STREET.matcher(street.trim());
            if (n.matches()) {
                number = n.group(1).replace(" ", "");
                street = n.group(2);
            }
        }
        // the civility as the record's sex (M or F), when it names one: Monsieur and Madame Dominique Leroy are two
        String sex = "M".equals(m.civility()) ? "M" : "MME".equals(m.civility()) ? "F" : null;
        return new PersonRecord(id, m.cardNumber(), m.email(), m.mobile(), m.phone(), m.firstName(), m.lastName(),
                number, street, m.postcode(), m.city(), m.birthDate(), null, sex);
    }

    private static String s(Map<String, Object> j, String key) {
        Object v = j.get(key);
        return v == null ? null : v.toString();
    }

    private static ConsentStatus status(String name) {
        return name == null ? null : ConsentStatus.valueOf(name);
    }

    @Override
    public String toString() {
        return "SourceRecord[" + source + " at " + receivedAt + "]";
    }
}
