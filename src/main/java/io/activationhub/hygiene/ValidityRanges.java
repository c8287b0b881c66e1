package io.activationhub.hygiene;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plausibility ranges per field. A value outside its range is flagged {@link FlagCode#OUT_OF_RANGE}
 * and kept: whether to use it is the caller's decision.
 *
 * <p>Birth dates are checked as an age, in whole years, relative to today's date of the injected
 * {@link Clock} (16 to 110 by default); a birth date in the future is out of range too. Other fields
 * are checked against a {@link Range} (by default {@code salary}: 20,000 to 150,000).
 *
 * <p>Immutable and thread-safe.
 */
public final class ValidityRanges {

    /** Field name of the yearly salary used by the default configuration. */
    public static final String SALARY = "salary";

    /**
     * Plausible ages, in whole years, both included.
     *
     * @param minYears youngest plausible age
     * @param maxYears oldest plausible age
     */
    public record AgeRange(int minYears, int maxYears) {
        public AgeRange {
            if (minYears < 0 || maxYears < minYears) {
                throw new IllegalArgumentException("invalid age range " + minYears + ".." + maxYears);
            }
        }

        /** Ages written {@code min..max} in whole years, both given ({@code 16..110}). */
        public static AgeRange parse(String text) {
            Range r = Range.parse(text);
            if (r.min() == null || r.max() == null) {
                throw new IllegalArgumentException("'" + text.strip() + "': give both ages, min..max in whole years");
            }
            try {
                return new AgeRange(r.min().intValueExact(), r.max().intValueExact());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + text.strip() + "': ages are whole years");
            }
        }
    }

    private final Map<String, Range> ranges;
    private final AgeRange birthAge;
    private final Clock clock;

    /** Ranges per field name, the plausible ages for birth dates, and the clock that says what today is. */
    public ValidityRanges(Map<String, Range> ranges, AgeRange birthAge, Clock clock) {
        this.ranges = Map.copyOf(ranges);
        this.birthAge = Objects.requireNonNull(birthAge, "birthAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A till line's quantity ({@code pos.quantity}): returns are negative. */
    public static final String POS_QUANTITY = "pos.quantity";
    /** A till line's unit price ({@code pos.unit_price}). */
    public static final String POS_UNIT_PRICE = "pos.unit_price";
    /** A till line's discount ({@code pos.discount}). */
    public static final String POS_DISCOUNT = "pos.discount";

    /**
     * Ages 16 to 110, a salary band of 20,000 to 150,000, and till lines of -100 to 100 items at up to 10,000 each
     * with a discount of up to 10,000.
     */
    public static ValidityRanges defaults(Clock clock) {
        return new ValidityRanges(Map.of(SALARY, Range.of(20_000, 150_000), POS_QUANTITY, Range.of(-100, 100),
                POS_UNIT_PRICE, Range.of(0, 10_000), POS_DISCOUNT, Range.of(0, 10_000)), new AgeRange(16, 110), clock);
    }

    /** A copy with one more (or a replaced) range. */
    public ValidityRanges with(String field, Range range) {
        Map<String, Range> copy = new HashMap<>(ranges);
        copy.put(field, range);
        return new ValidityRanges(copy, birthAge, clock);
    }

    /** The range configured for a field. */
    public Optional<Range> range(String field) {
        return Optional.ofNullable(ranges.get(field));
    }

    /** The fields that have a range. */
    public java.util.Set<String> fields() {
        return ranges.keySet();
    }

    public AgeRange birthAge() {
        return birthAge;
    }

    /** Flags a value outside the range of its field; no flag when in range or when the field has no range. */
    public List<Flag> check(String field, BigDecimal value) {
        Range range = ranges.get(field);
        if (range == null || value == null || range.contains(value)) {
            return List.of();
        }
        return List.of(new Flag(field, FlagCode.OUT_OF_RANGE, "outside the plausible range " + range, value.toPlainString()));
    }

    /** Flags a birth date in the future or giving an age outside the plausible ages. */
    public List<Flag> checkBirthDate(String field, LocalDate birthDate) {
        if (birthDate == null) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock);
        List<Flag> flags = new ArrayList<>(1);
        if (birthDate.isAfter(today)) {
            flags.add(new Flag(field, FlagCode.OUT_OF_RANGE, "birth date in the future", birthDate.toString()));
            return flags;
        }
        int age = Period.between(birthDate, today).getYears();
        if (age < birthAge.minYears() || age > birthAge.maxYears()) {
            flags.add(new Flag(field, FlagCode.OUT_OF_RANGE,
                    "age outside the plausible range " + birthAge.minYears() + ".." + birthAge.maxYears() + " years",
                    birthDate.toString()));
        }
        return flags;
    }

    /**
     * Reads an amount written the French or the English way ({@code 45 000}, {@code 45000,50},
     * {@code 45.000,50}, {@code 45,000.50}, {@code 45 000 €}) and checks it against the range of its
     * field. A lone separator followed by exactly three digits ({@code 45,000} or {@code 45.000})
     * could be either a thousands or a decimal separator: flagged {@link FlagCode#AMBIGUOUS}.
     */
    public ParsedAmount parseAmount(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return new ParsedAmount(raw, null, List.of(), List.of());
        }
        Findings findings = new Findings();
        String text = withoutCurrency(raw);
        StringBuilder digits = new StringBuilder(raw.length());
        int lastComma = -1;
        int lastDot = -1;
        int commas = 0;
        int dots = 0;
        boolean negative = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == ',') {
                lastComma = digits.length();
                commas++;
            } else if (c == '.') {
                lastDot = digits.length();
                dots++;
            } else if (c == '-' && digits.length() == 0) {
                negative = true;
            } else if (!(TextFolding.isSpace(c) || c == '\'' || c == '+')) {
                findings.flag(field, FlagCode.INVALID, "not a number", raw);
                return new ParsedAmount(raw, null, findings.corrections(), findings.flags());
            }
        }
        if (digits.length() == 0 || digits.length() > 18) {
            findings.flag(field, FlagCode.INVALID, "not a number", raw);
            return new ParsedAmount(raw, null, findings.corrections(), findings.flags());
        }
        int decimalAt = -1;
        if (commas > 0 && dots > 0) {
            decimalAt = Math.max(lastComma, lastDot);
            int decimalSeparators = lastComma > lastDot ? commas : dots;
            if (decimalSeparators > 1) {
                findings.flag(field, FlagCode.INVALID, "not a number", raw);
                return new ParsedAmount(raw, null, findings.corrections(), findings.flags());
            }
        } else if (commas + dots == 1) {
            int separatorAt = commas == 1 ? lastComma : lastDot;
            int decimals = digits.length() - separatorAt;
            if (decimals == 3) {
                findings.flag(field, FlagCode.AMBIGUOUS, "one separator before three digits: thousands or decimals, not guessed", raw);
                return new ParsedAmount(raw, null, findings.corrections(), findings.flags());
            }
            decimalAt = separatorAt;
        }
        String plain = decimalAt < 0 ? digits.toString()
                : digits.substring(0, decimalAt) + "." + digits.substring(decimalAt);
        if (plain.startsWith(".")) {
            plain = "0" + plain;
        }
        BigDecimal value = new BigDecimal(negative ? "-" + plain : plain);
        if (!value.toPlainString().equals(raw.strip())) {
            findings.correct(field, CorrectionCode.FORMATTED, "read as a plain decimal number", raw, value.toPlainString());
        }
        for (Flag flag : check(field, value)) {
            findings.flag(flag.field(), flag.code(), flag.reason(), raw);
        }
        return new ParsedAmount(raw, value, findings.corrections(), findings.flags());
    }

    /** Removes a currency written after or before the amount: EUR, EURO, EUROS, €. */
    private static String withoutCurrency(String raw) {
        String upper = raw.toUpperCase(java.util.Locale.ROOT);
        for (String currency : new String[]{"EUROS", "EURO", "EUR", "€"}) {
            int at = upper.indexOf(currency);
            if (at >= 0) {
                return raw.substring(0, at) + raw.substring(at + currency.length());
            }
        }
        return raw;
    }

    /**
     * An amount read from text.
     *
     * @param original    the value as given
     * @param value       the amount, or null when absent or unreadable
     * @param corrections what was changed, and why
     * @param flags       unreadable, ambiguous or out of range
     */
    public record ParsedAmount(String original, BigDecimal value, List<Correction> corrections, List<Flag> flags) {
        public ParsedAmount {
            corrections = List.copyOf(corrections);
            flags = List.copyOf(flags);
        }

        @Override
        public String toString() {
            return "ParsedAmount[value=" + (value == null ? null : "***") + ", flags=" + flags + "]";
        }
    }
}
