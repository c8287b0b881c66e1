package io.activationhub.hygiene;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Throughput of {@link ContactCleaner} on generated messy records (names in every layout, phones in
 * every writing, typo'd email domains, addresses with glued street types, misspelt towns, wrong or
 * misplaced postcodes, dates in several formats, two-digit years, out-of-range salaries).
 *
 * <p>Run with {@code scripts/bench.sh [records] [threads]} (defaults: 200000 records, 1 thread).
 * Prints counts and timings only, never a record.
 */
public final class HygieneBench {

    private static final String[] FIRST = {"Delphine", "Jean-Pierre", "Hélène", "Marie", "Nicolas", "Élodie", "François",
            "Anne-Sophie", "Thomas", "Camille", "Léa", "Hugo", "Chloé", "Louis", "Zoë", "Mathéo", "Inès", "Gabriel",
            "Manon", "Noël", "Brigitte", "Yann", "Gaëlle", "Jérôme", "Céline", "Loïc", "Maëlys", "Benoît", "Agnès", "Rémi"};
    private static final String[] LAST = {"Pilliard", "Dupont", "Le Goff", "de La Fontaine", "Martin", "Bernard", "Durand",
            "Lefèvre", "Moreau", "Giraud", "d'Estaing", "Fournier", "Girard", "Bonnet", "Lambert", "Fontaine", "Rousseau",
            "Vincent", "Müller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François",
            "Legrand", "Gauthier"};
    private static final String[] CIVILITY = {"Mme", "M.", "Madame", "MONSIEUR", "Mlle", "", "Mr", "Dr", "mme", "M"};
    private static final String[] DOMAINS = {"gmail.com", "gmial.com", "hotmail.fr", "hotmial.com", "yahoo.fr", "yahooo.fr",
            "orange.fr", "orange.fe", "wanadoo.fr", "free.fr", "laposte.net", "laposte.ent", "outlook.fr", "outlok.fr",
            "sfr.fr", "icloud.com", "gmail.cm", "example.org"};
    private static final String[] STREET_TYPES = {"rue", "RUE", "av", "avenue", "Av.", "bd", "boulevard", "Bd", "place",
            "pl", "chemin", "impasse", "allée", "route", "rte", "quai", "square", "cours"};
    private static final String[] STREET_NAMES = {"Desfeux", "de la Paix", "Victor Hugo", "du Général de Gaulle",
            "Jean Jaurès", "des Tilleuls", "de la République", "Pasteur", "du Moulin", "Saint-Exupéry", "de Verdun",
            "des Écoles", "Foch", "de la Gare", "du Maréchal Leclerc de Hauteclocque", "Gambetta"};

    private HygieneBench() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long loadStart = System.nanoTime();
        ContactCleaner cleaner = ContactCleaner.withDefaults(Clock.systemUTC());
        cleaner.clean(ContactRecord.builder().addressLine1("1 rue X").postcode("75001").city("Paris").build());
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;

        List<ContactRecord> records = generate(count, new Random(42));
        List<ContactRecord> warmUp = generate(Math.min(count, 50_000), new Random(7));
        run(cleaner, warmUp, threads);

        LongAdder flags = new LongAdder();
        LongAdder corrections = new LongAdder();
        LongAdder validated = new LongAdder();
        long start = System.nanoTime();
        IntStream range = IntStream.range(0, records.size());
        if (threads > 1) {
            range = range.parallel();
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            IntStream work = range;
            pool.submit(() -> work.forEach(i -> {
                CleanContact clean = cleaner.clean(records.get(i));
                flags.add(clean.flags().size());
                corrections.add(clean.corrections().size());
                if (clean.address().validated()) {
                    validated.increment();
                }
            })).join();
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("reference and vocabularies loaded in %d ms%n", loadMillis);
        System.out.printf("%d records, %d thread(s): %.2f s, %.0f records/s%n", count, threads, seconds, count / seconds);
        System.out.printf("per record: %.2f corrections, %.2f flags; addresses validated: %.1f%%%n",
                corrections.doubleValue() / count, flags.doubleValue() / count, 100.0 * validated.doubleValue() / count);
    }

    private static void run(ContactCleaner cleaner, List<ContactRecord> records, int threads) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, records.size()).parallel().forEach(i -> cleaner.clean(records.get(i)))).join();
        } finally {
            pool.shutdown();
        }
    }

    static List<ContactRecord> generate(int count, Random random) {
        List<PostcodeEntry> towns = sampleTowns(random);
        List<ContactRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record(random, towns));
        }
        return records;
    }

    private static List<PostcodeEntry> sampleTowns(Random random) {
        List<PostcodeEntry> towns = new ArrayList<>();
        for (String postcode : new String[]{"75001", "75011", "75015", "92100", "69002", "13001", "31000", "33000",
                "35000", "44000", "59000", "67000", "06000", "34000", "51100", "97100"}) {
            towns.addAll(PostcodeReference.instance().byPostcode(postcode));
        }
        // plus random small towns from many departments
        for (int d = 1; d <= 95; d++) {
            String department = String.format("%02d", d);
            for (int k = 0; k < 10; k++) {
                String postcode = department + String.format("%03d", random.nextInt(1000) / 10 * 10);
                towns.addAll(PostcodeReference.instance().byPostcode(postcode));
            }
        }
        return towns;
    }

    private static ContactRecord record(Random random, List<PostcodeEntry> towns) {
        ContactRecord.Builder builder = ContactRecord.builder();
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        switch (random.nextInt(8)) {
            case 0 -> builder.contact(last.toUpperCase() + " " + first);
            case 1 -> builder.contact("Nom : " + first + " " + last);
            case 2 -> builder.contact("Contact : " + last + ", " + first);
            case 3 -> builder.contact(first.charAt(0) + "." + last.toLowerCase());
            case 4 -> builder.firstName(first.toUpperCase()).lastName(last.toUpperCase());
            default -> builder.firstName(first.toLowerCase()).lastName(last);
        }
        builder.civility(pick(random, CIVILITY));
        builder.birthDate(birthDate(random));
        builder.email(email(random, first, last));
        String mobile = mobile(random);
        String landline = landline(random);
        switch (random.nextInt(6)) {
            case 0 -> builder.phone(mobile);
            case 1 -> builder.mobile(landline);
            case 2 -> builder.phone(landline).mobile(mobile);
            case 3 -> builder.phone(mobile).mobile(landline);
            case 4 -> builder.mobile(mobile.substring(0, mobile.length() - 3));
            default -> builder.mobile(mobile);
        }
        address(random, towns, builder);
        if (random.nextInt(4) == 0) {
            builder.attribute(ValidityRanges.SALARY, String.format("%d %03d", 10 + random.nextInt(200), random.nextInt(1000)));
        }
        return builder.build();
    }

    private static String birthDate(Random random) {
        LocalDate date = LocalDate.of(1925, 1, 1).plusDays(random.nextInt(85 * 365));
        return switch (random.nextInt(7)) {
            case 0 -> date.toString();
            case 1 -> String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            case 2 -> String.format("%d/%d/%02d", date.getDayOfMonth(), date.getMonthValue(), date.getYear() % 100);
            case 3 -> String.format("%02d-%02d-%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
            case 4 -> "";
            default -> String.format("%02d/%02d/%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
        };
    }

    private static String email(Random random, String first, String last) {
        String local = TextFolding.letterKey(first).toLowerCase().replace(' ', '-') + "." + TextFolding.letterKey(last).toLowerCase().replace(" ", "");
        String domain = pick(random, DOMAINS);
        return switch (random.nextInt(10)) {
            case 0 -> " " + local.toUpperCase() + "@" + domain + " ";
            case 1 -> local + domain;
            case 2 -> first + " " + last + " <" + local + "@" + domain + ">";
            case 3 -> "";
            default -> local + random.nextInt(100) + "@" + domain;
        };
    }

    private static String mobile(Random random) {
        String digits = (random.nextBoolean() ? "6" : "7") + String.format("%08d", random.nextInt(100_000_000));
        return formatPhone(random, digits);
    }

    private static String landline(Random random) {
        String digits = (1 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
        return formatPhone(random, digits);
    }

    private static String formatPhone(Random random, String digits) {
        String spaced = "0" + digits.charAt(0) + " " + digits.substring(1, 3) + " " + digits.substring(3, 5) + " "
                + digits.substring(5, 7) + " " + digits.substring(7, 9);
        return switch (random.nextInt(6)) {
            case 0 -> "+33 " + digits;
            case 1 -> "0033-" + digits.charAt(0) + "." + digits.substring(1, 3) + "." + digits.substring(3, 5) + "." + digits.substring(5, 7) + "." + digits.substring(7);
            case 2 -> "+33 (" + digits.charAt(0) + ") " + spaced.substring(3);
            case 3 -> spaced.replace(' ', '.');
            case 4 -> "Tél : " + spaced;
            default -> spaced;
        };
    }

    private static void address(Random random, List<PostcodeEntry> towns, ContactRecord.Builder builder) {
        PostcodeEntry town = towns.get(random.nextInt(towns.size()));
        String number = Integer.toString(1 + random.nextInt(180));
        String type = pick(random, STREET_TYPES);
        String name = pick(random, STREET_NAMES);
        String street = switch (random.nextInt(6)) {
            case 0 -> number + " " + type + name.replace(" ", "");
            case 1 -> number + ", " + type + " " + name;
            case 2 -> number + (random.nextBoolean() ? "bis " : " ter ") + type + " " + name;
            case 3 -> type + " " + name;
            default -> number + " " + type + " " + name;
        };
        String postcode = town.postcode();
        String city = random.nextBoolean() ? town.communeName() : town.deliveryName();
        int mess = random.nextInt(20);
        if (mess == 0 && city.length() > 6) {
            int at = 3 + random.nextInt(city.length() - 4);
            city = city.substring(0, at) + city.substring(at + 1);
        } else if (mess == 1) {
            char[] digits = postcode.toCharArray();
            digits[1] = (char) ('0' + (digits[1] - '0' + 1) % 10);
            postcode = new String(digits);
        } else if (mess == 2) {
            street = street + " " + postcode + " " + city;
            postcode = null;
            city = null;
        } else if (mess == 3) {
            postcode = null;
        } else if (mess == 4) {
            city = postcode + " " + city;
            postcode = null;
        }
        switch (random.nextInt(5)) {
            case 0 -> builder.addressLine1("Appt " + (1 + random.nextInt(40))).addressLine2(street);
            case 1 -> builder.addressLine1("Résidence Les Pins").addressLine2("Bât. " + (char) ('A' + random.nextInt(6))).addressLine3(street);
            case 2 -> builder.addressLine1(street).addressLine2("BP " + random.nextInt(999));
            default -> builder.addressLine1(street);
        }
        builder.postcode(postcode).city(city).country(random.nextInt(30) == 0 ? "Belgique" : random.nextBoolean() ? "France" : null);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
