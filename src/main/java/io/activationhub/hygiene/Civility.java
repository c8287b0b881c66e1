package io.activationhub.hygiene;

import java.util.Map;

/**
 * Normalised civility. French administration dropped "Mademoiselle" in 2012: every female
 * civility (Mme, Mlle, Madame, Mrs, Ms, Miss) becomes {@link #MME}.
 */
public enum Civility {
    M("M"),
    MME("MME");

    private static final Map<String, Civility> BY_KEY = Map.ofEntries(
            Map.entry("M", M), Map.entry("MR", M), Map.entry("MONSIEUR", M), Map.entry("MSIEUR", M),
            Map.entry("MONSIEU", M), Map.entry("MONS", M), Map.entry("SIR", M), Map.entry("H", M), Map.entry("HOMME", M),
            Map.entry("MME", MME), Map.entry("MADAME", MME), Map.entry("MDE", MME),
            Map.entry("MLLE", MME), Map.entry("MELLE", MME), Map.entry("MELL", MME), Map.entry("MLE", MME),
            Map.entry("MADEMOISELLE", MME), Map.entry("MRS", MME), Map.entry("MS", MME), Map.entry("MISS", MME),
            Map.entry("F", MME), Map.entry("FEMME", MME));

    /** Titles that say nothing about gender, or name several people. */
    private static final java.util.Set<String> UNGENDERED = java.util.Set.of(
            "DR", "DOCTEUR", "DOCTOR", "PR", "PROFESSEUR", "ME", "MAITRE", "MGR", "MONSEIGNEUR", "PERE", "SOEUR",
            "M ET MME", "MR ET MME", "M MME", "MR MME", "MONSIEUR ET MADAME", "MMES", "MM", "MESSIEURS", "MESDAMES",
            "MR AND MRS", "MR MRS", "M ET M", "MME ET M", "FAMILLE", "STE", "SOCIETE");

    /** Words joining two civilities that address several people: "M. ou Mme", "Mr et Mrs", "M. et/ou Mme". */
    private static final java.util.Set<String> JOINING_WORDS = java.util.Set.of("ET", "OU", "AND", "OR", "ET OU");

    private final String label;

    Civility(String label) {
        this.label = label;
    }

    /** The label used on postal line 1 and in exports: {@code M} or {@code MME}. */
    public String label() {
        return label;
    }

    /** The civility for a key made by {@link TextFolding#letterKey(String)}, or null when not a civility. */
    static Civility fromKey(String letterKey) {
        return BY_KEY.get(letterKey);
    }

    /** Whether the key is a title or a plural form that carries no single gender. */
    static boolean isUngenderedTitle(String letterKey) {
        return UNGENDERED.contains(letterKey) || isSeveralPeople(letterKey);
    }

    /**
     * Two gendered civilities joined by et, ou, and, or, et/ou ({@code M OU MME}, {@code MONSIEUR OU MADAME},
     * {@code MR ET MRS}): a letter to a household, not to one person. Without this, "M. ou Mme Dupont" was
     * read as civility M and first name "Ou Mme". H and F are left out: "M F" may be Monsieur F.
     */
    private static boolean isSeveralPeople(String letterKey) {
        int first = letterKey.indexOf(' ');
        int last = letterKey.lastIndexOf(' ');
        if (first < 0 || first == last) {
            return false;
        }
        return isSpelledCivility(letterKey.substring(0, first)) && isSpelledCivility(letterKey.substring(last + 1))
                && JOINING_WORDS.contains(letterKey.substring(first + 1, last));
    }

    private static boolean isSpelledCivility(String word) {
        return BY_KEY.containsKey(word) && !word.equals("H") && !word.equals("F") && !word.equals("HOMME") && !word.equals("FEMME");
    }
}
