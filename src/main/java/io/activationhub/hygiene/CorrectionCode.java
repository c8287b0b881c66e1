package io.activationhub.hygiene;

/** What kind of change a normaliser made to a value. The reason text of a {@link Correction} says why. */
public enum CorrectionCode {
    /** Whitespace trimmed or collapsed, case changed, accents or punctuation removed: same value, canonical form. */
    FORMATTED,
    /** A label or noise around the value was removed ("Nom :", "tel:", trailing comment). */
    NOISE_REMOVED,
    /** A known typo was replaced by its correct form (email domain, street type glued to the name). */
    TYPO_CORRECTED,
    /** The value was split into several fields or moved to the field where it belongs. */
    RESTRUCTURED,
    /** A value was moved to another field (landline given as mobile, mobile given as phone). */
    MOVED,
    /** A duplicate of a value already kept elsewhere was removed. */
    DUPLICATE_REMOVED,
    /** A word was abbreviated per the La Poste list (street types, titles) to fit the norm. */
    ABBREVIATED,
    /** A town name was replaced by the reference name it fuzzy-matched. */
    TOWN_CORRECTED,
    /** A postcode was replaced by the reference postcode of the matched town. */
    POSTCODE_CORRECTED,
    /** A missing value was completed from the reference (single possible postcode or town). */
    COMPLETED,
    /** A value was mapped to a canonical code (civility, country). */
    CANONICALISED
}
