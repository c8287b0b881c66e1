package io.activationhub.hygiene;

import java.util.List;

/**
 * A normalised email address.
 *
 * @param original    the value as given (personal data)
 * @param address     the trimmed, lower-cased, typo-corrected address, or null when absent or invalid
 * @param corrections what was changed, and why (the original domain of a typo fix is kept there)
 * @param flags       what could not be validated ({@link FlagCode#INVALID} when the syntax fails)
 */
public record CleanEmail(String original, String address, List<Correction> corrections, List<Flag> flags) {

    public CleanEmail {
        corrections = List.copyOf(corrections);
        flags = List.copyOf(flags);
    }

    /** Whether a usable address came out. */
    public boolean isValid() {
        return address != null;
    }

    /** Whether nothing at all was given. */
    public boolean isAbsent() {
        return address == null && flags.isEmpty();
    }

    /** The domain part of the address, or null. */
    public String domain() {
        return address == null ? null : address.substring(address.lastIndexOf('@') + 1);
    }

    @Override
    public String toString() {
        return "CleanEmail[address=" + Masking.email(address) + ", corrections=" + corrections + ", flags=" + flags + "]";
    }
}
