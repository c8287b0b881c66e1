package io.activationhub.hygiene;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cleaned contact: one format per field, with every correction made and every flag raised.
 *
 * @param name        civility, first and last name, comparison and phonetic keys
 * @param birthDate   the birth date, or null when absent or unreadable
 * @param email       the email address and its findings
 * @param mobile      the number SMS may be sent to: always of type {@link PhoneType#MOBILE}, or null
 * @param phone       the voice number: a landline or other number, or a second mobile (flagged); or null
 * @param otherPhones valid numbers for which there was no slot left (flagged {@link FlagCode#EXTRA_VALUE})
 * @param address     the postal address in the AFNOR six-line layout
 * @param amounts     range-checked amounts read from the record's attributes (for example {@code salary})
 * @param corrections every correction of every field, in field order
 * @param flags       every flag of every field, in field order
 */
public record CleanContact(PersonName name, LocalDate birthDate, CleanEmail email, CleanPhone mobile, CleanPhone phone,
                           List<CleanPhone> otherPhones, PostalAddress address, Map<String, BigDecimal> amounts,
                           List<Correction> corrections, List<Flag> flags) {

    public CleanContact {
        otherPhones = List.copyOf(otherPhones);
        amounts = amounts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(amounts));
        corrections = List.copyOf(corrections);
        flags = List.copyOf(flags);
        if (mobile != null && !mobile.isMobile()) {
            throw new IllegalArgumentException("the mobile slot only takes mobile numbers");
        }
    }

    /** The number SMS may be sent to (E.164), or null: only ever a mobile. */
    public String smsNumber() {
        return mobile == null ? null : mobile.e164();
    }

    /** Whether any field raised a flag with this code. */
    public boolean hasFlag(FlagCode code) {
        for (Flag flag : flags) {
            if (flag.code() == code) {
                return true;
            }
        }
        return false;
    }

    /** The flags of one raw field. */
    public List<Flag> flagsFor(String field) {
        List<Flag> out = new ArrayList<>(2);
        for (Flag flag : flags) {
            if (flag.field().equals(field)) {
                out.add(flag);
            }
        }
        return out;
    }

    /** The corrections of one raw field. */
    public List<Correction> correctionsFor(String field) {
        List<Correction> out = new ArrayList<>(2);
        for (Correction correction : corrections) {
            if (correction.field().equals(field)) {
                out.add(correction);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "CleanContact[name=" + name + ", birthDate=" + (birthDate == null ? null : "****-**-**")
                + ", email=" + Masking.email(email.address()) + ", mobile=" + (mobile == null ? null : Masking.phone(mobile.e164()))
                + ", phone=" + (phone == null ? null : Masking.phone(phone.e164())) + ", otherPhones=" + otherPhones.size()
                + ", address=" + address + ", amounts=" + amounts.keySet()
                + ", corrections=" + corrections.size() + ", flags=" + flags + "]";
    }
}
