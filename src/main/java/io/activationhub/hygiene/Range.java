package io.activationhub.hygiene;

import java.math.BigDecimal;

/**
 * An inclusive range of plausible values; a null bound is open.
 *
 * @param min lowest plausible value, or null
 * @param max highest plausible value, or null
 */
public record Range(BigDecimal min, BigDecimal max) {

    public Range {
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min above max");
        }
    }

    /** The range {@code min..max}, both included. */
    public static Range of(long min, long max) {
        return new Range(BigDecimal.valueOf(min), BigDecimal.valueOf(max));
    }

    /** Whether {@code value} lies within the range. */
    public boolean contains(BigDecimal value) {
        return (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
    }

    @Override
    public String toString() {
        return (min == null ? "" : min.toPlainString()) + ".." + (max == null ? "" : max.toPlainString());
    }
}
