package io.activationhub.customer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The key of a postal address for suppressions: SHA-256 (lower-case hex) of its normalised lines. Normalisation, so
 * that the same address written differently gives the same key:
 * <ol>
 *     <li>each line (AFNOR lines 2 to 5, postcode, city, country) is upper-cased, accents removed ({@code É} -> {@code E},
 *     {@code Œ} -> {@code OE}), every character other than A-Z and 0-9 becomes a space, runs of spaces become one,
 *     and the line is trimmed;</li>
 *     <li>the postcode loses its spaces; an empty country is {@code FR};</li>
 *     <li>empty lines are dropped, the others joined with a line feed, in the order 2, 3, 4, 5, postcode, city, country.</li>
 * </ol>
 * An address without a street line (4) or without a postcode and a city has no key: it cannot be mailed anyway.
 */
public final class PostalAddressKey {

    private PostalAddressKey() {
    }

    public static String of(String line2, String line3, String line4, String line5, String postcode, String city,
                            String country) {
        String street = normalise(line4);
        String pc = normalise(postcode).replace(" ", "");
        String town = normalise(city);
        if (street.isEmpty() || (pc.isEmpty() && town.isEmpty())) {
            return null;
        }
        String c = normalise(country);
        List<String> lines = new ArrayList<>();
        for (String l : new String[]{normalise(line2), normalise(line3), street, normalise(line5), pc, town,
                c.isEmpty() ? "FR" : c}) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return sha256(String.join("\n", lines));
    }

    static String normalise(String line) {
        if (line == null) {
            return "";
        }
        String s = line.toUpperCase(Locale.FRENCH).replace("Œ", "OE").replace("Æ", "AE").replace("ß", "SS");
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return s.replaceAll("[^A-Z0-9]+", " ").trim();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
