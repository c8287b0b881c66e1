package io.activationhub.hygiene;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads dates as French and international files write them:
 * <ul>
 *   <li>ISO {@code yyyy-MM-dd}, with or without a time after it ({@code 1980-05-17T00:00:00});</li>
 *   <li>{@code yyyyMMdd}, and {@code ddMMyyyy} when the digits are not a real date read year first
 *       ({@code 01021980}, as till systems export them);</li>
 *   <li>day first: {@code dd/MM/yyyy}, {@code d/M/yyyy}, with {@code /}, {@code -}, {@code .} or spaces;</li>
 *   <li>year first with other separators: {@code yyyy/MM/dd};</li>
 *   <li>French month names: {@code 17 mai 1980}, {@code 1er janvier 1990}, {@code 17 févr. 1980}; English ones,
 *       day or month first: {@code 17 May 1980}, {@code 17-May-1980}, {@code May 17th, 1980};</li>
 *   <li>five digits: a spreadsheet's date serial ({@code 29221} is 1980-01-01), flagged {@link FlagCode#ASSUMED}.</li>
 * </ul>
 * A two-digit year ({@code 17/05/80}) is flagged {@link FlagCode#TWO_DIGIT_YEAR}: the century is not
 * guessed. A month above 12 in second position ({@code 05/17/1980}, month-first order) is flagged
 * {@link FlagCode#INVALID} and not swapped. So is a date that does not exist ({@code 31/02/1980}).
 *
 * <p>Immutable and thread-safe; no regular expression.
 */
public final class LenientDateParser {

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("JANVIER", 1), Map.entry("JANV", 1), Map.entry("JAN", 1),
            Map.entry("FEVRIER", 2), Map.entry("FEVR", 2), Map.entry("FEV", 2),
            Map.entry("MARS", 3), Map.entry("MAR", 3),
            Map.entry("AVRIL", 4), Map.entry("AVR", 4),
            Map.entry("MAI", 5),
            Map.entry("JUIN", 6),
            Map.entry("JUILLET", 7), Map.entry("JUIL", 7),
            Map.entry("AOUT", 8), Map.entry("AOU", 8),
            Map.entry("SEPTEMBRE", 9), Map.entry("SEPT", 9), Map.entry("SEP", 9),
            Map.entry("OCTOBRE", 10), Map.entry("OCT", 10),
            Map.entry("NOVEMBRE", 11), Map.entry("NOV", 11),
            Map.entry("DECEMBRE", 12), Map.entry("DEC", 12),
            // English, as exports from English-language tools write them (no clash with the French names)
            Map.entry("JANUARY", 1), Map.entry("FEBRUARY", 2), Map.entry("FEB", 2), Map.entry("MARCH", 3),
            Map.entry("APRIL", 4), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUNE", 6), Map.entry("JUN", 6),
            Map.entry("JULY", 7), Map.entry("JUL", 7), Map.entry("AUGUST", 8), Map.entry("AUG", 8),
            Map.entry("SEPTEMBER", 9), Map.entry("OCTOBER", 10), Map.entry("NOVEMBER", 11), Map.entry("DECEMBER", 12));
    /** Day 0 of spreadsheet date serials (Excel, LibreOffice): 1899-12-30, so that 1900-03-01 is 61 as in Excel. */
    private static final LocalDate SERIAL_EPOCH = LocalDate.of(1899, 12, 30);
    private static final int MAX_INPUT_LENGTH = 40;

    /** Reads a date given in {@code field}. */
    public ParsedDate parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return new ParsedDate(raw, null, List.of(), List.of());
        }
        Findings findings = new Findings();
        if (raw.length() > MAX_INPUT_LENGTH) {
            return invalid(field, raw, findings, "far too long for a date");
        }
        String text = raw.strip();
        int timeAt = timeStart(text);
        if (timeAt > 0) {
            String dateOnly = text.substring(0, timeAt).strip();
            findings.correct(field, CorrectionCode.NOISE_REMOVED, "time of day dropped", raw, dateOnly);
            text = dateOnly;
        }
        List<String> parts = new ArrayList<>(3);
        boolean hasLetters = split(text, parts);
        if (hasLetters) {
            return withMonthName(field, raw, parts, findings);
        }
        if (parts.size() == 1) {
            String digits = parts.get(0);
            if (digits.length() == 8) {
                if (!isRealDate(digits.substring(0, 4), digits.substring(4, 6), digits.substring(6, 8))
                        && digits.charAt(4) != '0'
                        && isRealDate(digits.substring(4, 8), digits.substring(2, 4), digits.substring(0, 2))) {
                    // Year first is impossible (0102-19-80) and day first is a real day with a year from
                    // 1000 on: the French order of till exports. Tried only when year first fails, so a
                    // real year-first date is never read another way.
                    return build(field, raw, digits.substring(4, 8), digits.substring(2, 4), digits.substring(0, 2), findings,
                            "read as ddMMyyyy");
                }
                return build(field, raw, digits.substring(0, 4), digits.substring(4, 6), digits.substring(6, 8), findings, "read as yyyyMMdd");
            }
            if (digits.length() == 5) {
                return serial(field, raw, digits, findings);
            }
            return invalid(field, raw, findings, "not a date format");
        }
        if (parts.size() == 2 && parts.get(0).length() == 5 && text.length() == parts.get(0).length() + 1
                + parts.get(1).length() && (text.charAt(5) == '.' || text.charAt(5) == ',')) {
            // a serial with its time of day as a fraction (29221.5), or written as a decimal (29221.0)
            return serial(field, raw, parts.get(0), findings);
        }
        if (parts.size() != 3) {
            return invalid(field, raw, findings, "not a date format");
        }
        String a = parts.get(0);
        String b = parts.get(1);
        String c = parts.get(2);
        if (a.length() == 4) {
            boolean iso = text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-';
            return build(field, raw, a, b, c, findings, iso && timeAt < 0 ? null : "read as year, month, day");
        }
        if (c.length() == 2 && a.length() <= 2) {
            findings.flag(field, FlagCode.TWO_DIGIT_YEAR, "two-digit year: the century is not guessed", raw);
            return new ParsedDate(raw, null, findings.corrections(), findings.flags());
        }
        if (c.length() != 4 || a.length() > 2 || b.length() > 2) {
            return invalid(field, raw, findings, "not a date format");
        }
        int first = Integer.parseInt(a);
        int second = Integer.parseInt(b);
        if (second > 12 && first <= 12) {
            return invalid(field, raw, findings, "month above 12: looks like month-first order, not assumed");
        }
        return build(field, raw, c, b, a, findings, "read as day, month, year");
    }

    /**
     * Five digits alone: a spreadsheet's date serial, a date cell exported as its number (29221 is 1980-01-01), from
     * 1927 to 2173. No other date format has five digits; the reading is flagged {@link FlagCode#ASSUMED} all the
     * same, since another number typed in the field would be read so too (and usually flagged out of range).
     */
    private static ParsedDate serial(String field, String raw, String digits, Findings findings) {
        LocalDate date = SERIAL_EPOCH.plusDays(Integer.parseInt(digits));
        findings.correct(field, CorrectionCode.FORMATTED,
                "read as a spreadsheet date serial (days since 1899-12-30), written as ISO yyyy-MM-dd", raw, date.toString());
        findings.flag(field, FlagCode.ASSUMED, "five digits read as a spreadsheet date serial", raw);
        return new ParsedDate(raw, date, findings.corrections(), findings.flags());
    }

    private ParsedDate withMonthName(String field, String raw, List<String> parts, Findings findings) {
        if (parts.size() != 3) {
            return invalid(field, raw, findings, "not a date format");
        }
        if (MONTHS.containsKey(parts.get(0)) && !MONTHS.containsKey(parts.get(1))) {
            // month first, as English writes it: May 17, 1980
            parts = List.of(parts.get(1), parts.get(0), parts.get(2));
        }
        String day = ordinal(parts.get(0));
        Integer month = MONTHS.get(parts.get(1));
        String year = parts.get(2);
        if (month == null || !isDigits(day) || !isDigits(year)) {
            return invalid(field, raw, findings, "not a date format");
        }
        if (year.length() == 2) {
            findings.flag(field, FlagCode.TWO_DIGIT_YEAR, "two-digit year: the century is not guessed", raw);
            return new ParsedDate(raw, null, findings.corrections(), findings.flags());
        }
        return build(field, raw, year, Integer.toString(month), day, findings, "read as day, month name, year");
    }

    /** The day without its ordinal suffix: 1er (French), 1st, 2nd, 3rd, 17th. */
    private static String ordinal(String day) {
        for (String suffix : ORDINALS) {
            if (day.length() > suffix.length() && day.endsWith(suffix)) {
                return day.substring(0, day.length() - suffix.length());
            }
        }
        return day;
    }

    private static final List<String> ORDINALS = List.of("ER", "ST", "ND", "RD", "TH");

    private static ParsedDate build(String field, String raw, String year, String month, String day, Findings findings,
                                    String reason) {
        if (year.length() != 4 || month.length() > 2 || day.length() > 2 || !isDigits(month) || !isDigits(day)) {
            return invalid(field, raw, findings, "not a date format");
        }
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            return invalid(field, raw, findings, "no such day in the calendar");
        }
        if (reason != null && !date.toString().equals(raw)) {
            findings.correct(field, CorrectionCode.FORMATTED, reason + ", written as ISO yyyy-MM-dd", raw, date.toString());
        }
        return new ParsedDate(raw, date, findings.corrections(), findings.flags());
    }

    private static boolean isRealDate(String year, String month, String day) {
        try {
            LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
            return true;
        } catch (DateTimeException | NumberFormatException e) {
            return false;
        }
    }

    private static ParsedDate invalid(String field, String raw, Findings findings, String reason) {
        findings.flag(field, FlagCode.INVALID, reason, raw);
        return new ParsedDate(raw, null, findings.corrections(), findings.flags());
    }

    /** Index where a time of day starts ("T" or a space after a yyyy-MM-dd date followed by hh:), or -1. */
    private static int timeStart(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return -1;
        }
        for (int i = colon - 1; i > 0; i--) {
            char c = text.charAt(i);
            if (c == 'T' || c == ' ') {
                return i;
            }
        }
        return -1;
    }

    /** Splits into runs of digits and runs of letters (folded to A-Z); returns whether any letter run was seen. */
    private static boolean split(String text, List<String> parts) {
        boolean letters = false;
        StringBuilder current = new StringBuilder(8);
        int kind = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            int charKind = c >= '0' && c <= '9' ? 1 : Character.isLetter(c) ? 2 : 0;
            if (charKind != kind && current.length() > 0) {
                parts.add(kind == 2 ? TextFolding.letterKey(current.toString()) : current.toString());
                current.setLength(0);
            }
            if (charKind == 2 && kind == 1 && !parts.isEmpty()) {
                // "1er": ordinal suffix glued to the day
                String day = parts.remove(parts.size() - 1);
                int end = i;
                while (end < text.length() && Character.isLetter(text.charAt(end))) {
                    end++;
                }
                String suffix = TextFolding.letterKey(text.substring(i, end));
                if (ORDINALS.contains(suffix)) {
                    parts.add(day + suffix);
                    i = end - 1;
                    kind = 0;
                    continue;
                }
                parts.add(day);
            }
            if (charKind != 0) {
                current.append(c);
            }
            letters |= charKind == 2;
            kind = charKind;
        }
        return letters;
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
