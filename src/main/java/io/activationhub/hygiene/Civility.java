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
        return UNGENDERED.contains(letterKey);
    }
}
