package io.activationhub.identity;

/**
 * Whether two addresses are one place, written more or less completely, or two places (a person who moved). Compared
 * as probabilistic matching compares them ({@link Field}), folded, street types ignored:
 * <ul>
 *     <li>two postcodes, both given, must be the same; when one is missing, two towns, both given, must be alike
 *     ({@code BOULOGNE} and {@code BOULOGNE BILLANCOURT} are);</li>
 *     <li>two streets, both given, must have the same name or a close spelling ({@code AV DESFEUX},
 *     {@code RUE DESFEUX} and {@code RUE DESFEIX} are one street);</li>
 *     <li>two street numbers, both given, must be the same.</li>
 * </ul>
 * What one side lacks never makes two places: {@code RUE DESFEUX} is the place of {@code 4 AV DESFEUX}, less completely
 * written.
 */
public final class Places {

    private Places() {
    }

    public static boolean samePlace(PersonRecord a, PersonRecord b) {
        Comparable x = new Comparable(a);
        Comparable y = new Comparable(b);
        int postcode = Field.POSTCODE.level(x, y);
        if (postcode != Field.MISSING && postcode != 0) {
            return false;
        }
        if (postcode == Field.MISSING && Field.CITY.level(x, y) == 2) {
            return false;
        }
        return Field.STREET.level(x, y) != 2 && Field.STREET_NUMBER.level(x, y) != 1;
    }
}
