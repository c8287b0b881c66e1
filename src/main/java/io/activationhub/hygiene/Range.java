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

    /**
     * A range written {@code min..max}, either bound left out for an open one ({@code ..150000}, {@code 0..}), with
     * a dot for decimals ({@code 0.01..9999.99}).
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not such a range or min is above max
     */
    public static Range parse(String text) {
        String s = text == null ? "" : text.strip();
        int at = s.indexOf("..");
        if (at < 0 || s.indexOf("..", at + 2) >= 0) {
            throw new IllegalArgumentException("'" + s + "' is not a range written min..max (for example 20000..150000)");
        }
        BigDecimal min = bound(s.substring(0, at).strip(), s);
        BigDecimal max = bound(s.substring(at + 2).strip(), s);
        if (min == null && max == null) {
            throw new IllegalArgumentException("'" + s + "' gives neither bound (min..max)");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + s + "': min is above max");
        }
        return new Range(min, max);
    }

    private static BigDecimal bound(String text, String range) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + range + "': '" + text + "' is not a number (a dot for decimals)");
        }
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
