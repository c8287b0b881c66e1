package io.activationhub.export;

/**
 * One value of a {@code ;}-separated export, safe to open in a spreadsheet: quoted when it holds the separator, a
 * quote or a line break, and prefixed with an apostrophe when it starts like a formula ({@code = + - @}, tab, CR),
 * so a crafted name such as {@code =HYPERLINK(...)} is shown, never run (CSV/formula injection). A sign followed only
 * by digits (an E.164 phone {@code +33612345678}, a negative amount) cannot carry a formula and is left intact.
 */
public final class CsvCell {

    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[+-][0-9][0-9 .,]*");

    private CsvCell() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && !(value instanceof Number) && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !PLAIN_NUMBER.matcher(s).matches()) {
            s = "'" + s;
        }
        if (s.indexOf(';') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
