package io.activationhub.identity;

import org.apache.commons.codec.language.Soundex;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/** A record prepared once for many comparisons: folded text (A-Z, digits, single spaces) and phonetic keys. */
final class Comparable {

    private static final Soundex SOUNDEX = Soundex.US_ENGLISH;
    /** Street-type words, ignored when comparing street names ("RUE DESFEUX" vs "AV DESFEUX"). */
    private static final Set<String> STREET_TYPES = Set.of("RUE", "R", "AV", "AVE", "AVENUE", "BD", "BOULEVARD", "BLVD",
            "PL", "PLACE", "CHE", "CHEMIN", "IMP", "IMPASSE", "ALL", "ALLEE", "RTE", "ROUTE", "QUAI", "QU", "CRS", "COURS",
            "SQ", "SQUARE", "PAS", "PASSAGE", "STREET", "ST", "ROAD", "RD", "DRIVE", "DR", "CRESCENT", "CRES", "CIRCUIT",
            "CCT", "LANE", "LN", "COURT", "CT", "CLOSE", "CL", "PARADE", "PDE", "TERRACE", "TCE", "WAY", "GROVE", "GR");

    final PersonRecord record;
    final String first;
    final String last;
    final String firstPhonetic;
    final String lastPhonetic;
    final String number;
    final String street;
    final String streetName;
    final String postcode;
    final String city;
    final LocalDate birth;
    final String nationalId;

    Comparable(PersonRecord r) {
        this(r, s -> s);
    }

    /**
     * @param share returns an equal string to keep instead of the one given (a run's candidate cache shares the values
     *              many customers have, like towns, postcodes, first names and phonetic keys), or the one given
     */
    Comparable(PersonRecord r, java.util.function.UnaryOperator<String> share) {
        this.record = r;
        this.first = shared(fold(r.firstName()), share);
        this.last = shared(fold(r.lastName()), share);
        this.firstPhonetic = shared(phonetic(first), share);
        this.lastPhonetic = shared(phonetic(last), share);
        this.number = shared(fold(r.streetNumber()), share);
        this.street = shared(fold(r.street()), share);
        this.streetName = street == null ? null : shared(withoutType(street), share);
        this.postcode = shared(fold(r.postcode()), share);
        this.city = shared(fold(r.city()), share);
        this.birth = r.birthDate();
        this.nationalId = fold(r.nationalId());
    }

    private static String shared(String s, java.util.function.UnaryOperator<String> share) {
        return s == null ? null : share.apply(s);
    }

    static String fold(String s) {
        if (s == null) {
            return null;
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFD).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(n.length());
        boolean space = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                if (space && !out.isEmpty()) {
                    out.append(' ');
                }
                out.append(c);
                space = false;
            } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
                space = true;
            }
        }
        // the value itself when folding changed nothing (a postcode, a street number): one string fewer to keep
        return out.isEmpty() ? null : out.length() == s.length() && s.contentEquals(out) ? s : out.toString();
    }

    private static String phonetic(String folded) {
        if (folded == null) {
            return null;
        }
        try {
            String letters = folded.replaceAll("[^A-Z]", "");
            return letters.isEmpty() ? null : SOUNDEX.encode(letters);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutType(String street) {
        StringBuilder out = new StringBuilder();
        for (String w : street.split(" ")) {
            if (!STREET_TYPES.contains(w)) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(w);
            }
        }
        return out.isEmpty() ? street : out.toString();
    }
}
