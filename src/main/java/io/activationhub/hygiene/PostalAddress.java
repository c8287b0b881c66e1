package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.List;

/**
 * A postal address in the AFNOR NF Z10-011 layout: six lines of at most 38 characters, plus the
 * country line for international mail.
 *
 * @param line1       civility and name of the recipient, or null
 * @param line2       flat, floor, staircase, "chez", or null
 * @param line3       building, residence, entrance, or null
 * @param line4       number, repetition index and street, or null
 * @param line5       lieu-dit or special delivery service (BP, CS, TSA), or null
 * @param line6       postcode, town and CEDEX part, or null
 * @param countryLine destination country in French capitals for addresses abroad; null in France
 * @param postcode    the postcode alone, or null
 * @param town        the town (La Poste delivery name when validated), or null
 * @param inseeCode   INSEE code of the matched commune, or null
 * @param countryCode ISO 3166 alpha-2 code ({@code FR}...), or null when the country was not recognised
 * @param validated   whether postcode and town were checked against the La Poste reference
 * @param corrections what was changed, and why
 * @param flags       what could not be validated
 */
public record PostalAddress(String line1, String line2, String line3, String line4, String line5, String line6,
                            String countryLine, String postcode, String town, String inseeCode, String countryCode,
                            boolean validated, List<Correction> corrections, List<Flag> flags) {

    /** AFNOR NF Z10-011: at most 38 characters per line. */
    public static final int MAX_LINE_LENGTH = 38;

    public PostalAddress {
        corrections = List.copyOf(corrections);
        flags = List.copyOf(flags);
    }

    /** The non-empty lines, top to bottom, country line last. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(7);
        for (String line : new String[]{line1, line2, line3, line4, line5, line6, countryLine}) {
            if (line != null && !line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Whether every line fits the 38-character limit. */
    public boolean fitsNorm() {
        for (String line : lines()) {
            if (line.length() > MAX_LINE_LENGTH) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "PostalAddress[lines=" + lines().size() + ", countryCode=" + countryCode + ", validated=" + validated
                + ", corrections=" + corrections + ", flags=" + flags + "]";
    }
}
