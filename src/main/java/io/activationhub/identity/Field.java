package io.activationhub.identity;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.time.LocalDate;

/**
 * The fields probabilistic matching compares, each with graded agreement levels (0 = best). {@link #MISSING} when
 * either side lacks the value: it weighs nothing either way.
 */
enum Field {

    FIRST_NAME("exact", "close spelling", "similar or initial", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.first == null || b.first == null) {
                return MISSING;
            }
            if (a.first.equals(b.first) || swapped(a, b)) {
                return 0;
            }
            if (initialOf(a.first, b.first) || initialOf(b.first, a.first)) {
                return 2;
            }
            double jw = JW.apply(a.first, b.first);
            if (jw >= 0.92) {
                return 1;
            }
            return jw >= 0.85 || (a.firstPhonetic != null && a.firstPhonetic.equals(b.firstPhonetic)) ? 2 : 3;
        }
    },
    LAST_NAME("exact", "close spelling", "sounds alike", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.last == null || b.last == null) {
                return MISSING;
            }
            if (a.last.equals(b.last) || swapped(a, b)) {
                return 0;
            }
            double jw = JW.apply(a.last, b.last);
            if (jw >= 0.92) {
                return 1;
            }
            return jw >= 0.85 || (a.lastPhonetic != null && a.lastPhonetic.equals(b.lastPhonetic)) ? 2 : 3;
        }
    },
    STREET_NUMBER("same", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.number == null || b.number == null) {
                return MISSING;
            }
            return a.number.equals(b.number) ? 0 : 1;
        }
    },
    STREET("exact", "same name", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.street == null || b.street == null) {
                return MISSING;
            }
            if (a.street.equals(b.street)) {
                return 0;
            }
            if (a.streetName.equals(b.streetName) || JW.apply(a.streetName, b.streetName) >= 0.9) {
                return 1;
            }
            return 2;
        }
    },
    POSTCODE("same", "same department", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.postcode == null || b.postcode == null) {
                return MISSING;
            }
            if (a.postcode.equals(b.postcode)) {
                return 0;
            }
            return a.postcode.length() >= 2 && b.postcode.length() >= 2
                    && a.postcode.regionMatches(0, b.postcode, 0, 2) ? 1 : 2;
        }
    },
    CITY("exact", "one contains the other or close", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.city == null || b.city == null) {
                return MISSING;
            }
            if (a.city.equals(b.city)) {
                return 0;
            }
            if (a.city.startsWith(b.city + " ") || b.city.startsWith(a.city + " ") || JW.apply(a.city, b.city) >= 0.9) {
                return 1;
            }
            return 2;
        }
    },
    BIRTH_DATE("same", "one part off or day and month swapped", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.birth == null || b.birth == null) {
                return MISSING;
            }
            LocalDate x = a.birth;
            LocalDate y = b.birth;
            if (x.equals(y)) {
                return 0;
            }
            int same = (x.getYear() == y.getYear() ? 1 : 0) + (x.getMonthValue() == y.getMonthValue() ? 1 : 0)
                    + (x.getDayOfMonth() == y.getDayOfMonth() ? 1 : 0);
            boolean swapped = x.getYear() == y.getYear() && x.getDayOfMonth() == y.getMonthValue()
                    && x.getMonthValue() == y.getDayOfMonth();
            return same == 2 || swapped ? 1 : 2;
        }
    },
    NATIONAL_ID("same", "one edit", "different") {
        @Override
        int level(Comparable a, Comparable b) {
            if (a.nationalId == null || b.nationalId == null) {
                return MISSING;
            }
            if (a.nationalId.equals(b.nationalId)) {
                return 0;
            }
            return LEV.apply(a.nationalId, b.nationalId) == 1 || transposed(a.nationalId, b.nationalId) ? 1 : 2;
        }
    };

    static final int MISSING = -1;
    private static final JaroWinklerSimilarity JW = new JaroWinklerSimilarity();
    private static final LevenshteinDistance LEV = new LevenshteinDistance(2);

    private final String[] levelNames;

    Field(String... levelNames) {
        this.levelNames = levelNames;
    }

    abstract int level(Comparable a, Comparable b);

    boolean isAddress() {
        return this == STREET_NUMBER || this == STREET || this == POSTCODE || this == CITY;
    }

    int levels() {
        return levelNames.length;
    }

    String levelName(int level) {
        return level == MISSING ? "missing" : levelNames[level];
    }

    /**
     * First and last name given the other way round ("Dupont Jean" for "Jean Dupont", a contact field read in the
     * wrong order): one crosses exactly and the other exactly or with a close spelling ("Whiite Harriet").
     */
    private static boolean swapped(Comparable a, Comparable b) {
        return swappedNames(a.first, a.last, b.first, b.last);
    }

    /** {@link #swapped(Comparable, Comparable)} on folded names. */
    static boolean swappedNames(String aFirst, String aLast, String bFirst, String bLast) {
        if (aFirst == null || aLast == null || bFirst == null || bLast == null || aFirst.equals(aLast)) {
            return false;
        }
        if (aFirst.equals(bLast)) {
            return aLast.equals(bFirst) || JW.apply(aLast, bFirst) >= 0.92;
        }
        return aLast.equals(bFirst) && JW.apply(aFirst, bLast) >= 0.92;
    }

    private static boolean initialOf(String initial, String name) {
        return initial.length() == 1 && name.charAt(0) == initial.charAt(0);
    }

    private static boolean transposed(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = -1;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (first < 0) {
                    first = i;
                } else {
                    return i == first + 1 && a.charAt(first) == b.charAt(i) && a.charAt(i) == b.charAt(first)
                            && a.substring(i + 1).equals(b.substring(i + 1));
                }
            }
        }
        return false;
    }
}
