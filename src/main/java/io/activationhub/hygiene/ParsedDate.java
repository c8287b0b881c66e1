package io.activationhub.hygiene;

import java.time.LocalDate;
import java.util.List;

/**
 * A date read from text.
 *
 * @param original    the value as given
 * @param date        the date, or null when absent or not readable without guessing
 * @param corrections what was changed, and why
 * @param flags       invalid, two-digit year, out of range...
 */
public record ParsedDate(String original, LocalDate date, List<Correction> corrections, List<Flag> flags) {

    public ParsedDate {
        corrections = List.copyOf(corrections);
        flags = List.copyOf(flags);
    }

    @Override
    public String toString() {
        return "ParsedDate[date=" + (date == null ? null : "****-**-**") + ", corrections=" + corrections + ", flags=" + flags + "]";
    }
}
