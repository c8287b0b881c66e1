package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A postal address as found in a source file: loose lines in any order, postcode, city, country.
 *
 * @param recipient line 1 as it should be printed (civility and name), or null
 * @param lines     the source's address lines ({@code address_line1..4}), in source order; nulls allowed
 * @param postcode  the postcode field, or null
 * @param city      the city field, or null
 * @param country   the country field (name or ISO code), or null for France
 */
public record PostalAddressInput(String recipient, List<String> lines, String postcode, String city, String country) {

    public PostalAddressInput {
        lines = lines == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(lines));
    }

    /** An input with the given address lines. */
    public static PostalAddressInput of(String recipient, String postcode, String city, String country, String... lines) {
        return new PostalAddressInput(recipient, Arrays.asList(lines), postcode, city, country);
    }

    /** The raw field name of the address line at {@code index} (0-based): {@code address_line1}... */
    static String lineField(int index) {
        return "address_line" + (index + 1);
    }

    @Override
    public String toString() {
        return "PostalAddressInput[lines=" + lines.size() + ", postcode=" + Masking.text(postcode)
                + ", city=" + Masking.text(city) + ", country=" + country + "]";
    }
}
