package io.activationhub.hygiene;

import java.util.List;
import java.util.Objects;

/**
 * A normalised phone number.
 *
 * @param original    the value as given (personal data)
 * @param e164        the number in E.164 form ({@code +33612345678}), or null when absent or invalid
 * @param type        mobile, landline, other, invalid or absent
 * @param region      ISO 3166 region of the number ({@code FR}, {@code GP}...), or null
 * @param corrections what was changed, and why
 * @param flags       what could not be validated
 */
public record CleanPhone(String original, String e164, PhoneType type, String region,
                         List<Correction> corrections, List<Flag> flags) {

    public CleanPhone {
        Objects.requireNonNull(type, "type");
        corrections = List.copyOf(corrections);
        flags = List.copyOf(flags);
    }

    static CleanPhone absent(String original) {
        return new CleanPhone(original, null, PhoneType.ABSENT, null, List.of(), List.of());
    }

    /** Whether the number is valid (mobile, landline or other). */
    public boolean isValid() {
        return e164 != null;
    }

    /** Whether the number may receive SMS. */
    public boolean isMobile() {
        return type == PhoneType.MOBILE;
    }

    /** The form Google Ads Customer Match hashes: E.164 with the plus sign ({@code +33612345678}), or null. */
    public String e164() {
        return e164;
    }

    /** The form Meta hashes: country code and digits, no plus sign ({@code 33612345678}), or null. */
    public String metaDigits() {
        return e164 == null ? null : e164.substring(1);
    }

    /** A copy of this phone with extra findings appended (used when the contact cleaner moves it). */
    CleanPhone withFindings(List<Correction> moreCorrections, List<Flag> moreFlags) {
        Findings findings = new Findings();
        findings.addAll(corrections, flags);
        findings.addAll(moreCorrections, moreFlags);
        return new CleanPhone(original, e164, type, region, findings.corrections(), findings.flags());
    }

    @Override
    public String toString() {
        return "CleanPhone[e164=" + Masking.phone(e164) + ", type=" + type + ", region=" + region
                + ", corrections=" + corrections + ", flags=" + flags + "]";
    }
}
