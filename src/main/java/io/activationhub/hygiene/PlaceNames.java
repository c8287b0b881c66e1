package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Town name keys for matching against the postcode reference: capitals A-Z and digits, no accents or
 * punctuation, {@code SAINT -> ST}, {@code SAINTE -> STE}, {@code S/ -> SUR}, a trailing CEDEX
 * part dropped, and the arrondissement of Paris, Lyon and Marseille dropped ({@code Paris 15e} gives
 * {@code PARIS}). Two spellings of one town give one key.
 */
final class PlaceNames {

    private static final Set<String> CITIES_WITH_ARRONDISSEMENTS = Set.of("PARIS", "LYON", "MARSEILLE");
    private static final Set<String> ARRONDISSEMENT_WORDS = Set.of("ARRONDISSEMENT", "ARR", "ARRDT", "ARDT", "E", "ER", "EME");

    private PlaceNames() {
    }

    /** The matching key of a town name; empty for null or blank. */
    static String key(String town) {
        if (town == null || town.isBlank()) {
            return "";
        }
        String folded = TextFolding.alphanumericKey(expandSurAbbreviation(town));
        if (folded.isEmpty()) {
            return folded;
        }
        List<String> words = words(folded);
        List<String> out = new ArrayList<>(words.size());
        for (String word : words) {
            if (word.equals("CEDEX")) {
                break;
            }
            if (word.equals("SAINT")) {
                out.add("ST");
            } else if (word.equals("SAINTE")) {
                out.add("STE");
            } else {
                out.add(word);
            }
        }
        if (!out.isEmpty() && CITIES_WITH_ARRONDISSEMENTS.contains(out.get(0)) && isArrondissement(out.subList(1, out.size()))) {
            return out.get(0);
        }
        return String.join(" ", out);
    }

    /** {@code PARIS 16} gives {@code PARIS}; any other name is returned as is. Expects an alphanumeric key. */
    static String withoutArrondissement(String name) {
        int space = name.indexOf(' ');
        if (space < 0) {
            return name;
        }
        String city = name.substring(0, space);
        if (CITIES_WITH_ARRONDISSEMENTS.contains(city) && isArrondissement(words(name.substring(space + 1)))) {
            return city;
        }
        return name;
    }

    /**
     * The postcodes of the arrondissement written with Paris, Lyon or Marseille ({@code Paris 16e} gives 75016 and
     * 75116, {@code Marseille 1er} 13001); empty when the town names no arrondissement, or one that does not exist.
     */
    static List<String> arrondissementPostcodes(String town) {
        if (town == null || town.isBlank()) {
            return List.of();
        }
        List<String> words = words(TextFolding.alphanumericKey(town));
        if (words.size() < 2 || !CITIES_WITH_ARRONDISSEMENTS.contains(words.get(0))
                || !isArrondissement(words.subList(1, words.size()))) {
            return List.of();
        }
        String first = words.get(1);
        int digits = 0;
        while (digits < first.length() && Character.isDigit(first.charAt(digits))) {
            digits++;
        }
        int n = Integer.parseInt(first.substring(0, digits));
        return switch (words.get(0)) {
            case "PARIS" -> n < 1 || n > 20 ? List.of() : n == 16 ? List.of("75016", "75116") : List.of(String.format("750%02d", n));
            case "MARSEILLE" -> n < 1 || n > 16 ? List.of() : List.of(String.format("130%02d", n));
            default -> n < 1 || n > 9 ? List.of() : List.of("6900" + n);
        };
    }

    /** {@code LES BAUX DE PROVENCE} gives {@code BAUX DE PROVENCE}; a key without a leading article is returned as is. */
    static String withoutLeadingArticle(String key) {
        for (String article : new String[]{"LES ", "LE ", "LA ", "L "}) {
            if (key.startsWith(article) && key.length() > article.length()) {
                return key.substring(article.length());
            }
        }
        return key;
    }

    /** Whether the postcode is one of an arrondissement of Paris, Lyon or Marseille. */
    static boolean isArrondissementPostcode(String postcode) {
        if (postcode == null || postcode.length() != 5) {
            return false;
        }
        int n = Integer.parseInt(postcode.substring(3));
        return postcode.startsWith("750") && n >= 1 && n <= 20 || postcode.equals("75116")
                || postcode.startsWith("130") && n >= 1 && n <= 16 || postcode.startsWith("690") && n >= 1 && n <= 9;
    }

    /** "15", "15E", "15EME", "1ER", "15 ARRONDISSEMENT", "15E ARR". */
    private static boolean isArrondissement(List<String> words) {
        if (words.isEmpty()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (i == 0) {
                int digits = 0;
                while (digits < word.length() && Character.isDigit(word.charAt(digits))) {
                    digits++;
                }
                if (digits == 0 || digits > 2) {
                    return false;
                }
                String suffix = word.substring(digits);
                if (!suffix.isEmpty() && !ARRONDISSEMENT_WORDS.contains(suffix)) {
                    return false;
                }
            } else if (!ARRONDISSEMENT_WORDS.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** "Chalons s/ Marne" -> "Chalons sur Marne". */
    private static String expandSurAbbreviation(String town) {
        int slash = town.indexOf('/');
        if (slash < 1) {
            return town;
        }
        StringBuilder out = new StringBuilder(town.length() + 4);
        for (int i = 0; i < town.length(); i++) {
            char c = town.charAt(i);
            if (c == '/' && i > 0 && (town.charAt(i - 1) == 'S' || town.charAt(i - 1) == 's')
                    && (i == 1 || !Character.isLetter(town.charAt(i - 2)))) {
                out.setLength(out.length() - 1);
                out.append("SUR ");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static List<String> words(String key) {
        List<String> words = new ArrayList<>(6);
        int start = 0;
        while (start < key.length()) {
            int end = key.indexOf(' ', start);
            if (end < 0) {
                end = key.length();
            }
            if (end > start) {
                words.add(key.substring(start, end));
            }
            start = end + 1;
        }
        return words;
    }

    /** Department part of a French postcode: 3 digits overseas (97x, 98x), 2 otherwise; null when not 5 digits. */
    static String department(String postcode) {
        if (postcode == null || postcode.length() != 5) {
            return null;
        }
        return postcode.startsWith("97") || postcode.startsWith("98") ? postcode.substring(0, 3) : postcode.substring(0, 2);
    }
}
