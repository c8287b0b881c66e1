package io.activationhub.golden;

import java.time.Instant;

/** One source's value of a field for a person: where it comes from and when it was received. */
public record SourceValue(String field, String value, String source, Instant receivedAt) {

    public boolean present() {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "SourceValue[" + field + " from " + source + " at " + receivedAt + "]";
    }
}
