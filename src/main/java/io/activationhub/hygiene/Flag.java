package io.activationhub.hygiene;

import java.util.Objects;

/**
 * Something about a field that could not be validated or fixed without guessing.
 *
 * <p>{@code original} carries personal data; {@code reason} never contains input values and
 * {@link #toString()} masks the value.
 *
 * @param field    the raw field name the value came from (see {@link ContactRecord} constants)
 * @param code     the kind of problem
 * @param reason   why, in words, without any input value
 * @param original the value as given (may be null)
 */
public record Flag(String field, FlagCode code, String reason, String original) {

    public Flag {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "Flag[field=" + field + ", code=" + code + ", reason=" + reason
                + ", original=" + Masking.forField(field, original) + "]";
    }
}
