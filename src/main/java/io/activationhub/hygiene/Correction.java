package io.activationhub.hygiene;

import java.util.Objects;

/**
 * A change made to a field, with the reason it was made.
 *
 * <p>{@code original} and {@code corrected} carry personal data and are available to callers;
 * {@code reason} never contains input values, and {@link #toString()} masks both values, so a
 * correction can be logged as is.
 *
 * @param field     the raw field name the value came from (see {@link ContactRecord} constants)
 * @param code      the kind of change
 * @param reason    why, in words, without any input value
 * @param original  the value before the change (may be null)
 * @param corrected the value after the change (may be null when the value was moved away)
 */
public record Correction(String field, CorrectionCode code, String reason, String original, String corrected) {

    public Correction {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "Correction[field=" + field + ", code=" + code + ", reason=" + reason
                + ", original=" + Masking.forField(field, original)
                + ", corrected=" + Masking.forField(field, corrected) + "]";
    }
}
