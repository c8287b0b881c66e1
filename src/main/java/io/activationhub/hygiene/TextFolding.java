package io.activationhub.hygiene;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Accent folding and comparison keys, without regular expressions and with one pass over the input.
 *
 * <p>Latin letters with diacritics (U+0080 to U+024F) fold through a table built once from Unicode
 * decomposition, plus the letters that do not decompose ({@code Œ -> OE}, {@code Æ -> AE},
 * {@code ß -> SS}, {@code Ø -> O}, {@code Ł -> L}...). Other characters fold through
 * {@link Normalizer} on the slow path, and whatever has no Latin base letter becomes a separator.
 */
public final class TextFolding {

    private static final int TABLE_START = 0x80;
    private static final int TABLE_END = 0x250;
    private static final String[] UPPER_FOLD = buildTable();

    private TextFolding() {
    }

    /**
     * Key for comparing names: letters A-Z only, words separated by one space, trimmed.
     * {@code "Hélène"} gives {@code "HELENE"}, {@code "Jean-Pierre"} gives {@code "JEAN PIERRE"},
     * {@code "d'Estaing"} gives {@code "D ESTAING"}. Digits are dropped.
     */
    public static String letterKey(String text) {
        return key(text, false);
    }

    /**
     * Key for address lines: letters A-Z and digits 0-9, words separated by one space, trimmed.
     * This is also the La Poste form of lines 4 to 6: capitals, no accents, no punctuation.
     */
    public static String alphanumericKey(String text) {
        return key(text, true);
    }

    /** Upper case with accents removed; every other character is kept as is. */
    public static String upperWithoutAccents(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < TABLE_START) {
                out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
            } else {
                String folded = fold(c);
                out.append(folded == null ? c : folded);
            }
        }
        return out.toString();
    }

    /** Upper case keeping accents (French rules), whitespace collapsed to single spaces, trimmed. */
    public static String upperKeepingAccents(String text) {
        if (text == null) {
            return null;
        }
        return collapseWhitespace(text).toUpperCase(Locale.FRENCH);
    }

    /** Trims and replaces every run of whitespace (including no-break spaces) by one space. */
    public static String collapseWhitespace(String text) {
        if (text == null) {
            return null;
        }
        int length = text.length();
        StringBuilder out = null;
        boolean pendingSpace = false;
        int written = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                pendingSpace = written > 0;
                if (out == null) {
                    out = new StringBuilder(length);
                    out.append(text, 0, i);
                }
                continue;
            }
            if (out != null) {
                if (pendingSpace) {
                    out.append(' ');
                }
                out.append(c);
            }
            pendingSpace = false;
            written++;
        }
        return out == null ? text : out.toString();
    }

    /** Whether {@code c} is white space, including the no-break spaces common in spreadsheets. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u00A0' || c == '\u202F'
                || c == '\u2007' || c == '\f' || c == '\u000B' || Character.isWhitespace(c);
    }

    private static String key(String text, boolean keepDigits) {
        if (text == null) {
            return "";
        }
        int length = text.length();
        StringBuilder out = new StringBuilder(length);
        boolean pendingSpace = false;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                pendingSpace = appendSpace(out, pendingSpace);
                out.append((char) (c - 32));
            } else if (c >= 'A' && c <= 'Z' || keepDigits && c >= '0' && c <= '9') {
                pendingSpace = appendSpace(out, pendingSpace);
                out.append(c);
            } else if (c < TABLE_START) {
                pendingSpace = true;
            } else {
                String folded = fold(c);
                if (folded == null) {
                    pendingSpace = true;
                } else {
                    pendingSpace = appendSpace(out, pendingSpace);
                    out.append(folded);
                }
            }
        }
        return out.toString();
    }

    private static boolean appendSpace(StringBuilder out, boolean pendingSpace) {
        if (pendingSpace && out.length() > 0) {
            out.append(' ');
        }
        return false;
    }

    /** Upper-case A-Z folding of one non-ASCII character, or null when it has no Latin letter base. */
    private static String fold(char c) {
        if (c < TABLE_END) {
            return UPPER_FOLD[c - TABLE_START];
        }
        if (Character.isSurrogate(c)) {
            return null;
        }
        return foldByDecomposition(c);
    }

    private static String[] buildTable() {
        String[] table = new String[TABLE_END - TABLE_START];
        for (int c = TABLE_START; c < TABLE_END; c++) {
            table[c - TABLE_START] = foldByDecomposition((char) c);
        }
        String[][] special = {
                {"Æ", "AE"}, {"æ", "AE"}, {"Œ", "OE"}, {"œ", "OE"}, {"ß", "SS"}, {"Ø", "O"}, {"ø", "O"},
                {"Đ", "D"}, {"đ", "D"}, {"Ð", "D"}, {"ð", "D"}, {"Ł", "L"}, {"ł", "L"}, {"Þ", "TH"}, {"þ", "TH"},
                {"ı", "I"}, {"Ħ", "H"}, {"ħ", "H"}, {"ŀ", "L"}, {"Ŀ", "L"}, {"ĳ", "IJ"}, {"Ĳ", "IJ"}, {"ŉ", "N"},
                {"ſ", "S"}, {"ƒ", "F"}, {"ª", "A"}, {"º", "O"}
        };
        for (String[] pair : special) {
            table[pair[0].charAt(0) - TABLE_START] = pair[1];
        }
        return table;
    }

    private static String foldByDecomposition(char c) {
        if (!Character.isLetter(c)) {
            return null;
        }
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKD);
        StringBuilder base = new StringBuilder(2);
        for (int i = 0; i < decomposed.length(); i++) {
            char d = decomposed.charAt(i);
            if (d >= 'a' && d <= 'z') {
                base.append((char) (d - 32));
            } else if (d >= 'A' && d <= 'Z') {
                base.append(d);
            }
        }
        return base.length() == 0 ? null : base.toString();
    }

    private static final java.nio.charset.Charset WINDOWS_1252 = java.nio.charset.Charset.forName("windows-1252");
    /** Bytes 0x80 to 0xBF (the second byte of a two-byte UTF-8 sequence) as windows-1252 shows them. */
    private static final String CONTINUATION_AS_1252 = continuationAs1252();

    private static String continuationAs1252() {
        byte[] bytes = new byte[0x40];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        // the five bytes windows-1252 leaves undefined decode to U+FFFD, which no text is repaired for
        return new String(bytes, WINDOWS_1252).replace("\uFFFD", "");
    }

    /**
     * Text written in UTF-8 and read back as windows-1252 (or ISO-8859-1) somewhere upstream, so that {@code Hélène}
     * arrives as {@code HÃ©lÃ¨ne}: repaired when the text, encoded back to those bytes, is valid UTF-8; returned as
     * is otherwise (a real {@code Ã} followed by a symbol is rare in French names and addresses, and would not decode).
     */
    public static String repairDoubleEncoding(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        boolean suspect = false;
        for (int i = 0; i + 1 < text.length() && !suspect; i++) {
            char c = text.charAt(i);
            // lead bytes of two-byte UTF-8 sequences for Latin letters (U+0080..U+017F), read as one character each
            suspect = (c == '\u00C3' || c == '\u00C2' || c == '\u00C5' || c == '\u00C4')
                    && CONTINUATION_AS_1252.indexOf(text.charAt(i + 1)) >= 0;
        }
        if (!suspect) {
            return text;
        }
        try {
            // both coders report what they cannot map: text windows-1252 cannot hold, or bytes that are not UTF-8
            java.nio.ByteBuffer bytes = WINDOWS_1252.newEncoder().encode(java.nio.CharBuffer.wrap(text));
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return text;
        }
    }
}
