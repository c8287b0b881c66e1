package io.activationhub.hygiene;

/**
 * Masks personal data for logs and {@code toString()}. Every class of this package uses it; use it
 * too whenever a value from a customer record could reach a log line.
 *
 * <p>Masks have a fixed shape, so they do not leak the length of the value either:
 * <ul>
 *   <li>email {@code delphine.pilliard@gmail.com} becomes {@code d***@gmail.com}</li>
 *   <li>phone {@code +33612345678} becomes {@code +33***78}, a national form {@code ***78}</li>
 *   <li>name {@code Delphine} becomes {@code D***}</li>
 *   <li>anything else (address line, date, free text) becomes {@code ***}</li>
 * </ul>
 * Null stays {@code null}, and an empty string stays empty: neither is personal.
 */
public final class Masking {

    private static final String STARS = "***";

    private Masking() {
    }

    /** {@code d***@gmail.com}: first character of the local part and the full domain. */
    public static String email(String email) {
        if (email == null || email.isEmpty()) {
            return email;
        }
        String trimmed = email.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            return STARS;
        }
        return trimmed.charAt(0) + STARS + trimmed.substring(at).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code +33***78}: the "+" and the next two digits when international, and the last two digits. */
    public static String phone(String phone) {
        if (phone == null || phone.isEmpty()) {
            return phone;
        }
        StringBuilder digits = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.length() < 6) {
            return STARS;
        }
        String last = digits.substring(digits.length() - 2);
        if (phone.strip().startsWith("+")) {
            return "+" + digits.substring(0, 2) + STARS + last;
        }
        return STARS + last;
    }

    /** {@code D***}: the first letter only. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            return STARS;
        }
        int first = trimmed.codePointAt(0);
        return Character.isLetter(first) ? new String(Character.toChars(first)) + STARS : STARS;
    }

    /** {@code ***} for any other personal value. */
    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return STARS;
    }

    /**
     * Masks {@code value} the way its raw field calls for: email fields as emails, phone fields as
     * phones, name fields as names, everything else fully.
     */
    public static String forField(String field, String value) {
        if (value == null || value.isEmpty() || field == null) {
            return text(value);
        }
        switch (field) {
            case ContactRecord.EMAIL:
                return email(value);
            case ContactRecord.PHONE:
            case ContactRecord.MOBILE:
                return phone(value);
            case ContactRecord.FIRST_NAME:
            case ContactRecord.LAST_NAME:
            case ContactRecord.CONTACT:
                return name(value);
            case ContactRecord.COUNTRY:
                return value;
            default:
                return text(value);
        }
    }
}
