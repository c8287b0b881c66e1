package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Street types and word abbreviations of the La Poste list, loaded once from
 * {@code hygiene/street-types.csv} and {@code hygiene/address-words.csv}.
 * All spellings are address keys (upper case A-Z and digits, single spaces).
 */
final class StreetVocabulary {

    /** A street type: its full name and the abbreviation La Poste writes on line 4. */
    record StreetType(String canonical, String abbreviation) {
    }

    /** A match of a street type at some position of a word list. */
    record TypeMatch(StreetType type, int start, int length) {
    }

    /** A word (or words) La Poste abbreviates when a line is too long. */
    record WordAbbreviation(List<String> words, String abbreviation) {
    }

    private static final StreetVocabulary INSTANCE = new StreetVocabulary();

    private final Map<String, StreetType> typesBySpelling;
    private final java.util.Set<String> firstWordsOfLongSpellings;
    private final int longestTypeWords;
    private final List<WordAbbreviation> wordAbbreviations;

    private StreetVocabulary() {
        Map<String, StreetType> bySpelling = new HashMap<>();
        Map<StreetType, List<String>> variants = new java.util.LinkedHashMap<>();
        for (String line : HygieneResources.dataLines("street-types.csv", true)) {
            String[] fields = HygieneResources.fields(line, 3);
            StreetType type = new StreetType(TextFolding.alphanumericKey(fields[0]), TextFolding.alphanumericKey(fields[1]));
            // Full names and official abbreviations win over the loose spellings of another type.
            bySpelling.put(type.canonical(), type);
            bySpelling.putIfAbsent(type.abbreviation(), type);
            List<String> spellings = new ArrayList<>();
            for (String variant : fields[2].split("\\|")) {
                if (!variant.isBlank()) {
                    spellings.add(TextFolding.alphanumericKey(variant));
                }
            }
            variants.put(type, spellings);
        }
        variants.forEach((type, spellings) -> spellings.forEach(spelling -> bySpelling.putIfAbsent(spelling, type)));
        int longest = 1;
        java.util.Set<String> firstWords = new java.util.HashSet<>();
        for (String spelling : bySpelling.keySet()) {
            List<String> spellingWords = PlaceNames.words(spelling);
            longest = Math.max(longest, spellingWords.size());
            if (spellingWords.size() > 1) {
                firstWords.add(spellingWords.get(0));
            }
        }
        this.firstWordsOfLongSpellings = java.util.Set.copyOf(firstWords);
        this.typesBySpelling = Map.copyOf(bySpelling);
        this.longestTypeWords = longest;

        List<WordAbbreviation> words = new ArrayList<>();
        for (String line : HygieneResources.dataLines("address-words.csv", true)) {
            String[] fields = HygieneResources.fields(line, 2);
            words.add(new WordAbbreviation(List.of(TextFolding.alphanumericKey(fields[0]).split(" ")),
                    TextFolding.alphanumericKey(fields[1])));
        }
        this.wordAbbreviations = Collections.unmodifiableList(words);
    }

    static StreetVocabulary instance() {
        return INSTANCE;
    }

    /** The street type spelled by the words starting at {@code start} (longest spelling first), or null. */
    TypeMatch typeAt(List<String> words, int start) {
        if (start >= words.size()) {
            return null;
        }
        int maxLength = firstWordsOfLongSpellings.contains(words.get(start))
                ? Math.min(longestTypeWords, words.size() - start) : 1;
        for (int length = maxLength; length >= 1; length--) {
            String spelling = length == 1 ? words.get(start) : String.join(" ", words.subList(start, start + length));
            StreetType type = typesBySpelling.get(spelling);
            if (type != null) {
                return new TypeMatch(type, start, length);
            }
        }
        return null;
    }

    /** Whether one word alone spells a street type (used to split "avDesfeux"). */
    boolean isTypeSpelling(String word) {
        return typesBySpelling.containsKey(word);
    }

    List<WordAbbreviation> wordAbbreviations() {
        return wordAbbreviations;
    }
}
