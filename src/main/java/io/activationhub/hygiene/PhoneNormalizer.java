package io.activationhub.hygiene;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Normalises phone numbers to E.164 with libphonenumber, and types them (mobile, landline, other).
 *
 * <p>Before parsing, a label in front of the number ({@code "Tél. :"}, {@code "mobile"}) and any
 * text after it ({@code "(soir)"}, {@code "poste 12"}) are removed and recorded: libphonenumber
 * would otherwise read the letters as a vanity number. Numbers without an international prefix are
 * read in the default region (France unless told otherwise). A number libphonenumber does not
 * consider valid is flagged {@link PhoneType#INVALID}; no digit is ever added or guessed.
 *
 * <p>French overseas numbers written the French way ({@code 0690 12 34 56}) belong to their own
 * country code, not +33: their ARCEP prefix (0590, 0690... Guadeloupe, 0594 Guyane, 0596 Martinique,
 * 0262, 0692... Réunion, 0269, 0639 Mayotte) decides the region they are read in.
 *
 * <p>Placeholder numbers typed to get past a mandatory field ({@code 06 06 06 06 06},
 * {@code 06 00 00 00 00}, {@code 06 12 34 56 78}, {@code 01 23 45 67 89}) are flagged INVALID: kept,
 * they would receive SMS meant for someone and link unrelated customers as "same mobile".
 *
 * <p>Immutable and thread-safe.
 */
public final class PhoneNormalizer {

    private static final int MAX_INPUT_LENGTH = 64;
    private static final int MIN_DIGITS_BEFORE_SEPARATOR = 8;
    /**
     * ARCEP prefixes of the overseas departments, which dial them with a 0 like mainland numbers
     * but belong to other country codes (+590, +594, +596, +262). Saint-Martin and Saint-Barthélemy
     * share 0590/0690/0691 with Guadeloupe; libphonenumber then names the exact territory.
     */
    private static final Map<String, String> OVERSEAS_PREFIXES = Map.ofEntries(
            Map.entry("0590", "GP"), Map.entry("0690", "GP"), Map.entry("0691", "GP"),
            Map.entry("0594", "GF"), Map.entry("0694", "GF"),
            Map.entry("0596", "MQ"), Map.entry("0696", "MQ"), Map.entry("0697", "MQ"),
            Map.entry("0262", "RE"), Map.entry("0263", "RE"), Map.entry("0692", "RE"), Map.entry("0693", "RE"),
            Map.entry("0269", "YT"), Map.entry("0639", "YT"));
    /** Country codes using the French 10-digit plan, where the placeholder patterns below mean something. */
    private static final Set<Integer> FRENCH_PLAN_CODES = Set.of(33, 590, 594, 596, 262);

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    /** A normaliser reading national numbers as French. */
    public PhoneNormalizer() {
        this("FR");
    }

    /** A normaliser reading national numbers in {@code defaultRegion} (ISO 3166 alpha-2). */
    public PhoneNormalizer(String defaultRegion) {
        this.defaultRegion = Objects.requireNonNull(defaultRegion, "defaultRegion");
        if (!phoneNumbers.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("unsupported region: " + defaultRegion);
        }
    }

    /** Normalises a number given in the {@code phone} field. */
    public CleanPhone normalize(String raw) {
        return normalize(ContactRecord.PHONE, raw);
    }

    /** Normalises a number given in {@code field} (used in the corrections and flags). */
    public CleanPhone normalize(String field, String raw) {
        return normalizeIn(field, raw, defaultRegion, true);
    }

    /**
     * Normalises a number of a record whose address is in {@code region} (ISO 3166 alpha-2; null when unknown). A
     * national number is read as that country's first ({@code 079 123 45 67} in Switzerland is +41791234567, not a
     * French mobile that would get someone else's SMS); one that is not valid there but is in the default region is
     * read as such and flagged (a cross-border resident with a French mobile). Numbers written internationally
     * ({@code +}, {@code 00}) are read as written.
     */
    public CleanPhone normalize(String field, String raw, String region) {
        if (region == null || region.equals(defaultRegion) || !phoneNumbers.getSupportedRegions().contains(region)
                || raw == null || raw.isBlank() || isInternational(raw)) {
            return normalize(field, raw);
        }
        CleanPhone there = normalizeIn(field, raw, region, false);
        if (there.isValid()) {
            return there;
        }
        CleanPhone here = normalize(field, raw);
        if (here.isValid()) {
            return here.withFindings(List.of(), List.of(new Flag(field, FlagCode.AMBIGUOUS,
                    "not a number of " + region + ", the record's country: read as a number of " + defaultRegion, raw)));
        }
        return there;
    }

    private static boolean isInternational(String raw) {
        String s = raw.strip();
        return s.startsWith("+") || s.startsWith("00") || s.startsWith("(+");
    }

    private CleanPhone normalizeIn(String field, String raw, String region, boolean domestic) {
        if (raw == null || raw.isBlank()) {
            return CleanPhone.absent(raw);
        }
        Findings findings = new Findings();
        if (raw.length() > MAX_INPUT_LENGTH) {
            findings.flag(field, FlagCode.INVALID, "longer than " + MAX_INPUT_LENGTH + " characters: not a phone number", raw);
            return new CleanPhone(raw, null, PhoneType.INVALID, null, findings.corrections(), findings.flags());
        }
        String candidate = stripNoise(raw);
        if (candidate.isEmpty()) {
            findings.flag(field, FlagCode.INVALID, "contains no digits", raw);
            return new CleanPhone(raw, null, PhoneType.INVALID, null, findings.corrections(), findings.flags());
        }
        if (candidate.length() != raw.strip().length()) {
            findings.correct(field, CorrectionCode.NOISE_REMOVED, "text around the number removed before parsing", raw, candidate);
        }
        String overseas = domestic ? overseasRegion(candidate) : null;
        PhoneNumber number = domestic && overseas == null ? frenchShortcut(candidate) : null;
        if (number == null) {
            try {
                number = phoneNumbers.parse(candidate, overseas == null ? region : overseas);
            } catch (NumberParseException e) {
                findings.flag(field, FlagCode.INVALID, "not a phone number (" + e.getErrorType() + ")", raw);
                return new CleanPhone(raw, null, PhoneType.INVALID, null, findings.corrections(), findings.flags());
            }
        }
        // getNumberType is UNKNOWN exactly when isValidNumber is false: one metadata check instead of two.
        PhoneNumberType numberType = phoneNumbers.getNumberType(number);
        if (numberType == PhoneNumberType.UNKNOWN) {
            findings.flag(field, FlagCode.INVALID, "wrong length or unassigned prefix for its country", raw);
            return new CleanPhone(raw, null, PhoneType.INVALID, null, findings.corrections(), findings.flags());
        }
        String placeholder = placeholderPattern(number);
        if (placeholder != null) {
            findings.flag(field, FlagCode.INVALID, "placeholder number (" + placeholder + "), not a real subscriber", raw);
            return new CleanPhone(raw, null, PhoneType.INVALID, null, findings.corrections(), findings.flags());
        }
        String e164 = phoneNumbers.format(number, PhoneNumberFormat.E164);
        PhoneType type = typeOf(numberType);
        if (!e164.equals(candidate)) {
            findings.correct(field, CorrectionCode.FORMATTED, "written in E.164 international form", candidate, e164);
        }
        if (number.hasExtension() && !number.getExtension().isEmpty()) {
            findings.correct(field, CorrectionCode.NOISE_REMOVED, "extension dropped: E.164 has none", raw, e164);
        }
        return new CleanPhone(raw, e164, type, phoneNumbers.getRegionCodeForNumber(number),
                findings.corrections(), findings.flags());
    }

    /**
     * The French number written plainly ({@code 06 12 34 56 78}, {@code +33 (0)1 41 22 01 92},
     * {@code 0033-1.41.22.01.92}) without running the general parser, which costs several
     * microseconds of regular expressions; null for anything else, which goes to the parser.
     * Validity and type are still decided by libphonenumber's metadata.
     */
    private PhoneNumber frenchShortcut(String candidate) {
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && !plus) {
                plus = true;
            } else if (!(c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')' || c == '\u00A0')) {
                return null;
            }
        }
        boolean national = defaultRegion.equals("FR");
        int start;
        if (plus) {
            start = digits.length() > 2 && digits.charAt(0) == '3' && digits.charAt(1) == '3' ? 2 : -1;
        } else if (national && digits.length() > 4 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
            start = digits.charAt(2) == '3' && digits.charAt(3) == '3' ? 4 : -1;
        } else if (national && digits.length() == 10 && digits.charAt(0) == '0') {
            start = 1;
        } else {
            start = -1;
        }
        if (start < 0) {
            return null;
        }
        if (digits.length() - start == 10 && digits.charAt(start) == '0') {
            start++; // trunk prefix written after the country code: +33 (0)1...
        }
        if (digits.length() - start != 9 || digits.charAt(start) == '0') {
            return null;
        }
        return new PhoneNumber().setCountryCode(33).setNationalNumber(Long.parseLong(digits.substring(start)));
    }

    /**
     * The region of a French overseas number written nationally ({@code 0690 12 34 56}), or null.
     * Only when national numbers are read as French: elsewhere 0690... means something else.
     */
    private String overseasRegion(String candidate) {
        if (!defaultRegion.equals("FR")) {
            return null;
        }
        StringBuilder digits = new StringBuilder(12);
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+') {
                return null; // written with its country code: the parser reads that
            }
        }
        if (digits.length() != 10) {
            return null;
        }
        return OVERSEAS_PREFIXES.get(digits.substring(0, 4));
    }

    /**
     * Which placeholder pattern a valid number of the French plan follows, or null. Checked on the
     * eight digits after the two-digit prefix (06, 01...): one digit repeated ({@code 06 00 00 00 00},
     * {@code 06 11 11 11 11}), one pair repeated ({@code 06 06 06 06 06}, {@code 06 12 12 12 12}), or
     * a run of rising consecutive digits ({@code 06 12 34 56 78}, {@code 01 23 45 67 89}). Real subscribers
     * are not given such numbers in practice; in customer files they are filler. Falling runs
     * ({@code 06 98 76 54 32}) are not flagged: they were not among the placeholders found in customer files.
     */
    static String placeholderPattern(PhoneNumber number) {
        if (!FRENCH_PLAN_CODES.contains(number.getCountryCode())) {
            return null;
        }
        String national = Long.toString(number.getNationalNumber());
        if (national.length() != 9) {
            return null;
        }
        String subscriber = national.substring(1);
        boolean oneDigit = true;
        boolean onePair = true;
        boolean ascending = true;
        for (int i = 1; i < subscriber.length(); i++) {
            char c = subscriber.charAt(i);
            oneDigit &= c == subscriber.charAt(0);
            onePair &= i < 2 || c == subscriber.charAt(i - 2);
            ascending &= c == subscriber.charAt(i - 1) + 1;
        }
        if (oneDigit) {
            return "one digit repeated";
        }
        if (onePair) {
            return "one pair of digits repeated";
        }
        if (ascending) {
            return "consecutive digits";
        }
        return null;
    }

    private static PhoneType typeOf(PhoneNumberType type) {
        switch (type) {
            case MOBILE:
                return PhoneType.MOBILE;
            case FIXED_LINE:
                return PhoneType.LANDLINE;
            default:
                // FIXED_LINE_OR_MOBILE (e.g. North America) cannot be proven to accept SMS: not a mobile.
                return PhoneType.OTHER;
        }
    }

    /**
     * Keeps the span from the first digit or "+" up to the last digit before any letter, so that
     * labels before and comments after the number are not read as digits.
     */
    static String stripNoise(String raw) {
        int start = -1;
        int end = -1;
        int digits = 0;
        int length = raw.length();
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (start < 0) {
                if (digit || c == '+' || c == '(' && i + 1 < length && isDigitOrPlus(raw.charAt(i + 1))) {
                    start = i;
                }
                if (digit) {
                    end = i + 1;
                    digits++;
                }
                continue;
            }
            if (digit) {
                end = i + 1;
                digits++;
            } else if (Character.isLetter(c)) {
                break;
            } else if (separatorMark(raw, i) && digits >= MIN_DIGITS_BEFORE_SEPARATOR) {
                // A second number follows ("06 12 34 56 78 / 01 41 22 01 92"): keep the first one.
                break;
            }
        }
        if (start < 0 || end < 0) {
            return "";
        }
        return raw.substring(start, end).strip();
    }

    /**
     * The numbers after the first in a field that holds several ({@code 01 41 22 01 92 / 06 71 42 38 95},
     * {@code 0141220192 ou 0671423895}): each as written, for {@link #normalize(String, String, String)}. The first
     * is what {@link #stripNoise} keeps; empty when there is one number.
     */
    static List<String> furtherNumbers(String raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = null;
        int digits = 0;
        int cut = -1;
        int length = raw.length();
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (digits >= MIN_DIGITS_BEFORE_SEPARATOR && isSeparatorAt(raw, i)) {
                if (cut >= 0) {
                    out.add(raw.substring(cut, i));
                } else {
                    out = new java.util.ArrayList<>(1);
                }
                cut = i + 1;
                digits = 0;
            }
        }
        if (out == null) {
            // one number, the field's usual content
            return List.of();
        }
        if (cut < length) {
            out.add(raw.substring(cut));
        }
        out.removeIf(part -> part.chars().filter(Character::isDigit).count() < MIN_DIGITS_BEFORE_SEPARATOR);
        return out;
    }

    /** A separator between two numbers: a {@link #separatorMark} or the word "ou", "et", "or", "and" ("0141220192 ou 06..."). */
    private static boolean isSeparatorAt(String raw, int i) {
        if (separatorMark(raw, i)) {
            return true;
        }
        if (raw.charAt(i) != ' ') {
            return false;
        }
        for (String word : new String[]{"ou ", "et ", "or ", "and "}) {
            if (raw.regionMatches(true, i + 1, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * , ; / | or a dash with spaces around it ("06 71 42 38 95 - 01 41 22 01 92"; a dash inside a number has none):
     * after a whole number, another one follows ({@link #stripNoise} stops there, {@link #furtherNumbers} cuts there).
     */
    private static boolean separatorMark(String raw, int i) {
        char c = raw.charAt(i);
        return c == ',' || c == ';' || c == '/' || c == '|'
                || c == '-' && i > 0 && raw.charAt(i - 1) == ' ' && i + 1 < raw.length() && raw.charAt(i + 1) == ' ';
    }

    private static boolean isDigitOrPlus(char c) {
        return c == '+' || c >= '0' && c <= '9';
    }
}
