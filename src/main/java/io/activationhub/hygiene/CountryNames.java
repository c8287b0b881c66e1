package io.activationhub.hygiene;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a country as written in a customer file ({@code FR}, {@code FRA}, {@code France},
 * {@code Belgique}, {@code Germany}, {@code Guadeloupe}...) to its ISO 3166 alpha-2 code, and gives
 * the French name La Poste wants on the last line of an international address.
 */
final class CountryNames {

    /** Overseas departments and collectivities served by the French domestic postcode system (97xxx). */
    private static final Set<String> FRENCH_POSTAL_AREAS = Set.of("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF");

    private static final Map<String, String> CODES_BY_KEY = buildIndex();

    private CountryNames() {
    }

    /** ISO alpha-2 code of a country name or code, or null when not recognised. */
    static String resolve(String country) {
        String key = TextFolding.alphanumericKey(country);
        if (key.isEmpty()) {
            return null;
        }
        return CODES_BY_KEY.get(key);
    }

    /** Whether mail to this country uses the French domestic postcode reference. */
    static boolean isFrenchPostalArea(String isoCode) {
        return isoCode != null && FRENCH_POSTAL_AREAS.contains(isoCode);
    }

    /** Country line of an international address: French name, capitals, no accents ({@code ALLEMAGNE}). */
    static String frenchName(String isoCode) {
        return TextFolding.alphanumericKey(new Locale("", isoCode).getDisplayCountry(Locale.FRENCH));
    }

    private static Map<String, String> buildIndex() {
        Map<String, String> index = new HashMap<>(2048);
        for (String code : Locale.getISOCountries()) {
            Locale locale = new Locale("", code);
            index.put(code, code);
            try {
                index.put(locale.getISO3Country(), code);
            } catch (java.util.MissingResourceException ignored) {
                // a few codes have no alpha-3 form in the JDK: the alpha-2 and names still resolve
            }
            index.putIfAbsent(TextFolding.alphanumericKey(locale.getDisplayCountry(Locale.FRENCH)), code);
            index.putIfAbsent(TextFolding.alphanumericKey(locale.getDisplayCountry(Locale.ENGLISH)), code);
        }
        String[][] aliases = {
                {"F", "FR"}, {"FRANCE METROPOLITAINE", "FR"}, {"FRANCE METRO", "FR"}, {"FX", "FR"}, {"METROPOLE", "FR"},
                {"REPUBLIQUE FRANCAISE", "FR"}, {"LA REUNION", "RE"}, {"REUNION", "RE"}, {"ILE DE LA REUNION", "RE"},
                {"GUYANE", "GF"}, {"GUYANE FRANCAISE", "GF"}, {"ST BARTHELEMY", "BL"}, {"ST MARTIN", "MF"},
                {"ST PIERRE ET MIQUELON", "PM"}, {"ALLEMAGNE", "DE"}, {"RFA", "DE"}, {"UK", "GB"}, {"ANGLETERRE", "GB"},
                {"GRANDE BRETAGNE", "GB"}, {"ROYAUME UNI", "GB"}, {"USA", "US"}, {"ETATS UNIS", "US"}, {"SUISSE", "CH"},
                {"BELGIQUE", "BE"}, {"ESPAGNE", "ES"}, {"ITALIE", "IT"}, {"PAYS BAS", "NL"}, {"HOLLANDE", "NL"},
                {"B", "BE"}, {"D", "DE"}, {"E", "ES"}, {"I", "IT"}, {"L", "LU"}, {"CH", "CH"}
        };
        for (String[] alias : aliases) {
            index.put(alias[0], alias[1]);
        }
        return Map.copyOf(index);
    }
}
