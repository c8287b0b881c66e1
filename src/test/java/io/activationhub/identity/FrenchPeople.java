package io.activationhub.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates French-looking people (fixed seed) and their duplicates as loyalty files produce them: typos, an initial
 * instead of the first name, street-type variants, missing number, first and last name swapped, a new email;
 * plus the traps: household members sharing address and landline, namesakes in other towns.
 */
public final class FrenchPeople {

    private static final String[] FIRST = {"Delphine", "Jean", "Marie", "Pierre", "Sophie", "Nicolas", "Camille", "Julien",
            "Isabelle", "Thomas", "Nathalie", "Antoine", "Claire", "Laurent", "Emilie", "Sebastien", "Julie", "Olivier",
            "Aurelie", "Philippe", "Celine", "Francois", "Sandrine", "Mathieu", "Helene", "Guillaume", "Chloe", "Hugo",
            "Lea", "Louis", "Manon", "Lucas", "Ines", "Paul", "Anne", "Marc", "Sylvie", "Eric", "Valerie", "Alain"};
    private static final String[] LAST = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
            "Fournier", "Morel", "Girard", "Andre", "Lefevre", "Mercier", "Dupont", "Lambert", "Bonnet", "Francois",
            "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel",
            "Nicolas", "Perrin", "Morin", "Mathieu", "Clement", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier",
            "Robin", "Pilliard", "Masson", "Sanchez", "Gerard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly"};
    private static final String[] STREETS = {"DE LA PAIX", "VICTOR HUGO", "DES LILAS", "DU MOULIN", "DE LA GARE",
            "JEAN JAURES", "PASTEUR", "DES ECOLES", "DU CHATEAU", "DE LA REPUBLIQUE", "NATIONALE", "DES VIGNES",
            "GAMBETTA", "DU GENERAL DE GAULLE", "DES TILLEULS", "DE VERDUN", "DE LA LIBERTE", "DESFEUX", "VOLTAIRE"};
    private static final String[] TYPES = {"RUE", "AV", "BD", "ALL", "CHE", "PL", "IMP"};
    private static final String[][] TOWNS = {{"75011", "PARIS"}, {"69003", "LYON"}, {"13008", "MARSEILLE"},
            {"31000", "TOULOUSE"}, {"06000", "NICE"}, {"44000", "NANTES"}, {"67000", "STRASBOURG"},
            {"34000", "MONTPELLIER"}, {"33000", "BORDEAUX"}, {"59000", "LILLE"}, {"35000", "RENNES"},
            {"92100", "BOULOGNE BILLANCOURT"}, {"51100", "REIMS"}, {"76600", "LE HAVRE"}, {"42000", "SAINT ETIENNE"}};

    public record DataSet(List<PersonRecord> records, Map<String, String> truth) {
    }

    private FrenchPeople() {
    }

    private static final String[] ONSETS = {"B", "BR", "C", "CH", "D", "F", "G", "GU", "J", "L", "M", "N", "P", "R", "S",
            "T", "V", "ROU", "MAR", "LE", "DU", "FON", "BEL", "CHA", "MON", "GIR", "LAV", "PER", "BOU", "COR"};
    private static final String[] VOWELS = {"A", "E", "I", "O", "OU", "AU", "EAU", "AI", "EN", "AN", "ON", "U"};
    private static final String[] ENDINGS = {"", "T", "D", "RD", "N", "L", "LLE", "RRE", "AUD", "IER", "ET", "IN", "OT",
            "AND", "EAU", "ERT", "ARD", "ON", "IN", "Y"};

    /** Surnames as diverse as French ones: a few very common (the list above), a long tail built from syllables. */
    private static String lastName(Random rnd) {
        if (rnd.nextDouble() < 0.15) {
            return LAST[rnd.nextInt(LAST.length)];
        }
        StringBuilder sb = new StringBuilder();
        int syllables = 1 + rnd.nextInt(3);
        for (int s = 0; s < syllables; s++) {
            sb.append(ONSETS[rnd.nextInt(ONSETS.length)]).append(VOWELS[rnd.nextInt(VOWELS.length)]);
        }
        sb.append(ENDINGS[rnd.nextInt(ENDINGS.length)]);
        String n = sb.toString();
        return n.charAt(0) + n.substring(1).toLowerCase();
    }

    public static DataSet generate(int people, double duplicateShare, long seed) {
        return generate(people, duplicateShare, seed, STREETS.length);
    }

    /**
     * The k-th street name of a town: the 19 common ones first, then streets named after people ({@code JEAN
     * DUBOIS}), the same for every k whatever the seed.
     */
    static String street(int k) {
        if (k < STREETS.length) {
            return STREETS[k];
        }
        Random named = new Random(0x5eedL * 31 + k);
        return (FIRST[named.nextInt(FIRST.length)] + " " + lastName(named)).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * {@link #generate(int, double, long)} with {@code streetsPerTown} street names in each postcode instead of 19:
     * with 19, a million people put about 175 on each street, where a retailer's base spread over real streets puts
     * a few. The same seed and 19 streets give exactly the people {@link #generate(int, double, long)} gives.
     */
    public static DataSet generate(int people, double duplicateShare, long seed, int streetsPerTown) {
        Random rnd = new Random(seed);
        List<PersonRecord> records = new ArrayList<>();
        Map<String, String> truth = new LinkedHashMap<>();
        for (int p = 0; p < people; p++) {
            String first = FIRST[rnd.nextInt(FIRST.length)];
            String last = lastName(rnd);
            String[] town = TOWNS[rnd.nextInt(TOWNS.length)];
            String postcode = town[0].substring(0, 3) + String.format("%02d", rnd.nextInt(20));
            String number = Integer.toString(1 + rnd.nextInt(150));
            String type = TYPES[rnd.nextInt(TYPES.length)];
            String street = street(rnd.nextInt(streetsPerTown));
            LocalDate birth = LocalDate.of(1940 + rnd.nextInt(65), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
            String email = (first + "." + last + p).toLowerCase() + "@example.org";
            String mobile = "+336" + String.format("%08d", rnd.nextInt(100_000_000));
            String landline = "+331" + String.format("%08d", rnd.nextInt(100_000_000));
            String person = "P" + p;
            String id = person + "-0";
            records.add(new PersonRecord(id, "C" + p, email, mobile, landline, first, last, number, type + " " + street,
                    postcode, town[1], birth, null));
            truth.put(id, person);
            if (rnd.nextDouble() < duplicateShare) {
                int copies = 1 + (rnd.nextDouble() < 0.2 ? 1 : 0);
                for (int k = 1; k <= copies; k++) {
                    String did = person + "-" + k;
                    records.add(noisy(rnd, did, first, last, number, type, street, postcode, town[1], birth,
                            rnd.nextDouble() < 0.5 ? email : null, rnd.nextDouble() < 0.4 ? mobile : null, p, k));
                    truth.put(did, person);
                }
            }
            if (rnd.nextDouble() < 0.05) {
                // a household member: same address and landline, another person
                String hid = "H" + p;
                records.add(new PersonRecord(hid, "CH" + p, null, null, landline, FIRST[rnd.nextInt(FIRST.length)], last,
                        number, type + " " + street, postcode, town[1],
                        LocalDate.of(1940 + rnd.nextInt(65), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)), null));
                truth.put(hid, hid);
            }
            if (rnd.nextDouble() < 0.03) {
                // a namesake elsewhere
                String[] other = TOWNS[(java.util.Arrays.asList(TOWNS).indexOf(town) + 1 + rnd.nextInt(TOWNS.length - 1)) % TOWNS.length];
                String nid = "N" + p;
                records.add(new PersonRecord(nid, "CN" + p, null, null, null, first, last,
                        Integer.toString(1 + rnd.nextInt(150)), TYPES[rnd.nextInt(TYPES.length)] + " "
                        + street(rnd.nextInt(streetsPerTown)), other[0], other[1],
                        LocalDate.of(1940 + rnd.nextInt(65), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)), null));
                truth.put(nid, nid);
            }
        }
        return new DataSet(records, truth);
    }

    private static PersonRecord noisy(Random rnd, String id, String first, String last, String number, String type,
                                      String street, String postcode, String city, LocalDate birth, String email,
                                      String mobile, int p, int k) {
        String f = first;
        String l = last;
        switch (rnd.nextInt(6)) {
            case 0 -> f = first.charAt(0) + ".";
            case 1 -> l = typo(rnd, last);
            case 2 -> f = typo(rnd, first);
            case 3 -> {
                f = last;
                l = first;
            }
            default -> {
            }
        }
        String t = rnd.nextDouble() < 0.3 ? TYPES[rnd.nextInt(TYPES.length)] : type;
        String n = rnd.nextDouble() < 0.2 ? null : number;
        String c = rnd.nextDouble() < 0.2 ? city.split(" ")[0] : city;
        LocalDate b = rnd.nextDouble() < 0.3 ? null : birth;
        String e = email != null ? email : rnd.nextDouble() < 0.5 ? null : (first + p + "x" + k).toLowerCase() + "@mail.example";
        return new PersonRecord(id, null, e, mobile, null, f, l, n, t + " " + street, postcode, c, b, null);
    }

    private static String typo(Random rnd, String s) {
        if (s.length() < 3) {
            return s;
        }
        int i = 1 + rnd.nextInt(s.length() - 2);
        return switch (rnd.nextInt(3)) {
            case 0 -> s.substring(0, i) + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
            default -> s.substring(0, i) + (char) ('a' + rnd.nextInt(26)) + s.substring(i + 1);
        };
    }
}
