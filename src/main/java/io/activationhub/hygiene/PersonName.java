package io.activationhub.hygiene;

import java.util.List;

/**
 * A parsed, proper-cased person name with comparison keys.
 *
 * @param civility          {@link Civility#M}, {@link Civility#MME}, or null when unknown
 * @param firstName         proper-cased first name with accents ({@code Jean-Pierre}, {@code Hélène}), or null
 * @param firstInitial      first letter of the first name, upper case; the only first-name data when
 *                          the source gave an initial ({@code D. Pilliard}); or null
 * @param lastName          proper-cased last name ({@code Pilliard}, {@code de La Fontaine}, {@code Le Goff}), or null
 * @param firstNameKey      comparison key of the first name: A-Z and spaces ({@code HELENE}); empty when unknown
 * @param lastNameKey       comparison key of the last name; empty when unknown
 * @param firstNamePhonetic French phonetic key of the first name (see {@link FrenchPhoneticKey}); empty when unknown
 * @param lastNamePhonetic  French phonetic key of the last name; empty when unknown
 * @param corrections       what was changed, and why
 * @param flags             what could not be validated
 */
public record PersonName(Civility civility, String firstName, String firstInitial, String lastName,
                         String firstNameKey, String lastNameKey, String firstNamePhonetic, String lastNamePhonetic,
                         List<Correction> corrections, List<Flag> flags) {

    /** AFNOR NF Z10-011: at most 38 characters per line. */
    static final int MAX_LINE_LENGTH = 38;

    public PersonName {
        corrections = List.copyOf(corrections);
        flags = List.copyOf(flags);
    }

    /** Whether no name at all could be found. */
    public boolean isEmpty() {
        return firstName == null && firstInitial == null && lastName == null;
    }

    /** "Delphine Pilliard", "D. Pilliard", "Pilliard", or an empty string. */
    public String displayName() {
        StringBuilder out = new StringBuilder();
        if (firstName != null) {
            out.append(firstName);
        } else if (firstInitial != null) {
            out.append(firstInitial).append('.');
        }
        if (lastName != null) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(lastName);
        }
        return out.toString();
    }

    /**
     * Postal line 1 (AFNOR NF Z10-011): civility, first name, last name in capitals, at most 38
     * characters: the first name is reduced to its initial when the full line would be longer.
     * The line may still exceed 38 characters when the last name alone is that long.
     */
    public String recipientLine() {
        String civilityPart = civility == null ? "" : civility.label() + " ";
        String last = lastName == null ? "" : lastName;
        String full = TextFolding.upperKeepingAccents(civilityPart + (firstName == null ? "" : firstName + " ") + last);
        if (full.length() <= MAX_LINE_LENGTH || firstName == null) {
            return firstName == null && firstInitial != null
                    ? TextFolding.upperKeepingAccents(civilityPart + firstInitial + " " + last)
                    : full;
        }
        return TextFolding.upperKeepingAccents(civilityPart + firstInitial + " " + last);
    }

    @Override
    public String toString() {
        return "PersonName[civility=" + (civility == null ? null : "***") + ", firstName=" + Masking.name(firstName)
                + ", firstInitial=" + (firstInitial == null ? null : "*") + ", lastName=" + Masking.name(lastName)
                + ", corrections=" + corrections + ", flags=" + flags + "]";
    }
}
