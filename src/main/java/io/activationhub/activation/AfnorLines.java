package io.activationhub.activation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The six lines of a French postal address (AFNOR NF Z10-011) for a letter: 1 civility and name, 2 and 3 complements
 * (apartment, building), 4 number and street, 5 locality or post box, 6 postcode and city. Each line at most 38
 * characters, in capitals; from line 4 down without accents or punctuation. Lines 2 to 5 come from the cleaned
 * address (hygiene/PostalAddressNormalizer already wrote them to the standard).
 */
public final class AfnorLines {

    public static final int MAX = 38;

    private AfnorLines() {
    }

    public static List<String> of(String civility, String firstName, String lastName, String line2, String line3,
                                  String line4, String line5, String postcode, String city) {
        List<String> out = new ArrayList<>(6);
        String name = String.join(" ", nonBlank(civility), nonBlank(firstName), nonBlank(lastName)).trim()
                .replaceAll("\\s+", " ");
        out.add(cut(name.toUpperCase(Locale.FRENCH)));
        out.add(cut(upper(line2)));
        out.add(cut(upper(line3)));
        out.add(cut(plain(line4)));
        out.add(cut(plain(line5)));
        out.add(cut(plain((nonBlank(postcode).replace(" ", "") + " " + nonBlank(city)).trim())));
        return out;
    }

    private static String nonBlank(String s) {
        return s == null ? "" : s.strip();
    }

    private static String upper(String s) {
        return nonBlank(s).toUpperCase(Locale.FRENCH).replaceAll("\\s+", " ");
    }

    /** Capitals without accents or punctuation (lines 4 to 6). */
    static String plain(String s) {
        String u = upper(s).replace("Œ", "OE").replace("Æ", "AE");
        u = Normalizer.normalize(u, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return u.replaceAll("[^A-Z0-9 ]", " ").replaceAll("\\s+", " ").trim();
    }

    private static String cut(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX).stripTrailing();
    }
}
