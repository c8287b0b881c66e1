package io.activationhub.hygiene;

/** What a normaliser could not validate or fix. A flagged value is kept as given (or left empty), never guessed. */
public enum FlagCode {
    /** The value does not follow the expected syntax or is not a valid number/date. */
    INVALID,
    /** A required part is missing (no postcode and no town, street without town...). */
    INCOMPLETE,
    /** Several candidates are equally plausible; nothing was chosen. */
    AMBIGUOUS,
    /** The value could not be checked against a reference (foreign address, CEDEX code, unknown country). */
    NOT_VALIDATED,
    /** The postcode and the town do not match the reference and could not be reconciled. */
    POSTCODE_TOWN_MISMATCH,
    /** A number or date lies outside its configured validity range. */
    OUT_OF_RANGE,
    /** A two-digit year cannot be placed in a century without guessing. */
    TWO_DIGIT_YEAR,
    /** A line is longer than the AFNOR limit of 38 characters even after abbreviation. */
    TOO_LONG,
    /** A number given as mobile cannot receive SMS (landline, VoIP, special number). */
    NOT_A_MOBILE,
    /** More values were given than the clean record has slots for; the extra ones are kept aside. */
    EXTRA_VALUE,
    /** The value was interpreted by a documented default rule (for example first-name-then-last-name order). */
    ASSUMED,
    /** A civility or title that carries no gender (Dr, Me, Pr) or several people ("M. et Mme"). */
    UNGENDERED_TITLE,
    /** The name carried a deceased marker ("décédé", "DCD"): the person must not be mailed or contacted. */
    DECEASED,
    /** A company form ("SARL", "Sté", "Ets") stood where a person's name was expected: not a person. */
    COMPANY
}
