package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * RNVP for French addresses: restructure loose lines into the AFNOR NF Z10-011 six lines,
 * normalise them, and validate postcode and town against the La Poste reference.
 *
 * <h2>Restructure</h2>
 * Each source line is classified by its words: a special delivery service or lieu-dit
 * ({@code BP}, {@code CS}, {@code TSA}, {@code CIDEX}, {@code LIEU DIT}) goes to line 5; a line with
 * a street (a number, or a street type from {@code hygiene/street-types.csv}) to line 4; flat,
 * floor, staircase or "chez" to line 2; building, residence, entrance to line 3; anything else
 * (no number, no keyword: a lieu-dit) to line 5, or line 3 when line 5 is taken. A line holding a
 * building or flat and then a street ({@code Bat B 4 av Desfeux}), or a street and then a building, flat,
 * floor or staircase ({@code 12 rue des Lilas Bat B esc 2}), is split, and each part recorded; a word
 * right after the street type or after {@code de}, {@code du}, {@code la} belongs to the street's name
 * ({@code rue du Batiment}). A postcode and town
 * found inside a line ({@code 4 avDesfeux 90100 Boulogne Billancour}) are moved to line 6.
 *
 * <h2>Normalise</h2>
 * Lines 4 to 6 are written in capitals without accents or punctuation. On line 4 the number is
 * separated from its repetition index ({@code 4bis -> 4 BIS}) and from a glued street type
 * ({@code avDesfeux -> AV DESFEUX}), and the street type is always written in its La Poste
 * abbreviation ({@code AVENUE -> AV}, {@code BOULEVARD -> BD}; {@code RUE} stays). Any line longer
 * than 38 characters has the words of {@code hygiene/address-words.csv} abbreviated left to right
 * ({@code SAINT -> ST}, {@code GENERAL -> GAL}) until it fits, and is flagged {@link FlagCode#TOO_LONG}
 * when it still does not. Lines 1 to 3 are in capitals with their accents.
 *
 * <h2>Validate</h2>
 * With P the postcode and T the town key (see {@link PostcodeReference#townKey(String)}):
 * <ol>
 *   <li>P exists and T is one of its towns: valid; the town is written as its La Poste delivery name.</li>
 *   <li>P exists and T is within the edit budget of exactly one of its towns: the town is corrected.</li>
 *   <li>Otherwise T is looked up nationwide, exactly, then fuzzily (one nearest town only). The town's
 *       postcode replaces P when the town has a single postcode, or a single one in P's department,
 *       or a single one differing from P by one digit. Anything else is flagged, not guessed.</li>
 *   <li>A missing postcode is completed when the town has a single postcode; a missing town when
 *       the postcode serves a single town.</li>
 *   <li>A CEDEX postcode is not in the public reference: it is kept, the town is checked within its
 *       department, and the address is flagged {@link FlagCode#NOT_VALIDATED}.</li>
 * </ol>
 * Addresses outside France (and its overseas departments) are restructured only and flagged
 * {@link FlagCode#NOT_VALIDATED}; so are addresses whose country is not recognised. An input
 * without any address part (no line, postcode or city) gives an address without lines.
 *
 * <p>Immutable and thread-safe.
 */
public final class PostalAddressNormalizer {

    private static final int MAX = PostalAddress.MAX_LINE_LENGTH;
    private static final String POSTCODE_FIELD = ContactRecord.POSTCODE;
    private static final String CITY_FIELD = ContactRecord.CITY;
    private static final String COUNTRY_FIELD = ContactRecord.COUNTRY;

    /** "2A000", "2B200": Corsica's department codes (2A, 2B) written in place of a postcode's 20. */
    private static final java.util.regex.Pattern CORSICA = java.util.regex.Pattern.compile("(2[AaBb])(\\d{3})");
    /** "1400.0", "35000,0": a postcode a spreadsheet stored as a number. */
    private static final java.util.regex.Pattern SPREADSHEET_DECIMAL = java.util.regex.Pattern.compile("(\\d{4,5})[.,]0+");
    /** Country prefixes written before foreign postcodes (B-1000, CH-8000, L-1111, D-10115, ...). */
    private static final Set<String> FOREIGN_POSTCODE_PREFIXES = Set.of(
            "B", "BE", "CH", "L", "LU", "D", "DE", "I", "IT", "E", "ES", "NL", "A", "AT", "P", "PT", "GB", "UK", "MC");
    /** Words that tie a street's type to its name ("RUE DE RENNES", "AVENUE DU GENERAL"). */
    private static final Set<String> STREET_NAME_LINKS = Set.of("DE", "DU", "DES", "LA", "LE", "LES", "L", "D", "AU", "AUX", "ET", "SUR", "EN");
    /** Street types (La Poste abbreviations) that name streets, not residences, parks or hamlets. */
    private static final Set<String> STREET_ONLY_TYPES = Set.of("RUE", "AV", "BD", "PL", "CHE", "RTE", "IMP", "ALL", "QUAI", "CRS", "PAS", "SEN", "FG");
    /** Line-5 services of a CEDEX address: boîte postale, case postale, course spéciale, tri service arrivée. */
    private static final Set<String> POSTAL_SERVICES = Set.of("BP", "CS", "TSA", "CIDEX", "BOITE", "CASE");
    /** Why a postcode field is refused when it is not one. */
    private static final String NOT_A_POSTCODE = "not a five-digit French postcode";
    private static final Set<String> SPECIAL_STARTS = Set.of(
            "BP", "CS", "TSA", "CIDEX", "LD", "LIEUDIT", "SP", "CEDEX");
    private static final Set<String> FLAT_WORDS = Set.of(
            "APPARTEMENT", "APPART", "APPT", "APP", "APT", "ETAGE", "ETG", "ESCALIER", "ESC", "COULOIR",
            "CHEZ", "CO", "LOGEMENT", "LGT", "CHAMBRE", "BAL", "RDC", "PALIER");
    /*
     * The TRAILING_ sets list the words that start a flat or building part written after the street on the same line
     * ("12 RUE DES LILAS BAT B ESC 2"). They are narrower than FLAT_WORDS and BUILDING_WORDS: CHEZ, CENTRE, ESPACE
     * start lieux-dits and street names too often to be cut off a street line.
     */
    /** Trailing flat, floor or staircase words (line 2) that need a number or letter after them: "APPT 34", "ESC B". */
    private static final Set<String> TRAILING_FLAT_WORDS = Set.of(
            "APPARTEMENT", "APPART", "APPT", "APP", "APT", "ESCALIER", "ESC", "ETAGE", "ETG", "LOGEMENT", "LGT", "BAL",
            "COULOIR", "PALIER");
    /** Trailing building and entrance words (line 3) that need a number or letter after them: "BAT B", "TOUR 2". */
    private static final Set<String> TRAILING_BUILDING_WORDS = Set.of(
            "BATIMENT", "BAT", "BT", "TOUR", "ENTREE", "ENT", "HALL", "BLOC", "PAVILLON");
    /** Trailing building words (line 3) followed by a name rather than a number: "RESIDENCE LES PINS". */
    private static final Set<String> TRAILING_NAMED_BUILDING_WORDS = Set.of("RESIDENCE", "RES", "RESID", "IMMEUBLE", "IMM");
    /** Every word that may start a trailing part (RDC alone is a floor): one look-up per word is the fast path. */
    private static final Set<String> TRAILING_PART_WORDS = union(TRAILING_FLAT_WORDS, TRAILING_BUILDING_WORDS,
            TRAILING_NAMED_BUILDING_WORDS, Set.of("RDC"));
    /** Spellings of one complement word, to tell "APT 12" and "APPT 12" from two fields apart from two flats. */
    private static final java.util.Map<String, String> COMPLEMENT_SYNONYMS = java.util.Map.ofEntries(
            java.util.Map.entry("APPARTEMENT", "APP"), java.util.Map.entry("APPART", "APP"),
            java.util.Map.entry("APPT", "APP"), java.util.Map.entry("APT", "APP"),
            java.util.Map.entry("ESCALIER", "ESC"), java.util.Map.entry("ETAGE", "ETG"),
            java.util.Map.entry("LOGEMENT", "LGT"), java.util.Map.entry("BATIMENT", "BAT"), java.util.Map.entry("BT", "BAT"),
            java.util.Map.entry("RESIDENCE", "RES"), java.util.Map.entry("RESID", "RES"),
            java.util.Map.entry("IMMEUBLE", "IMM"), java.util.Map.entry("ENTREE", "ENT"));
    /** "GRANDE RUE" is a whole street name: a part may follow it directly ("12 GRANDE RUE BAT B"). */
    private static final String SELF_NAMED_STREET_TYPE = "GR";
    private static final Set<String> BUILDING_WORDS = Set.of(
            "BATIMENT", "BAT", "BT", "IMMEUBLE", "IMM", "RESIDENCE", "RES", "RESID", "TOUR", "ENTREE", "ENT",
            "HALL", "BLOC", "PAVILLON", "ESPACE", "CENTRE", "CCAL");
    private static final Set<String> REPETITION_WORDS = Set.of("BIS", "TER", "QUATER", "QUINQUIES");
    private static final Set<String> ORDINAL_SUFFIXES = Set.of("E", "ER", "EME", "ERE", "ND", "NDE");

    private final PostcodeReference reference;
    private final StreetVocabulary vocabulary = StreetVocabulary.instance();

    /** A normaliser using the shipped La Poste reference. */
    public PostalAddressNormalizer() {
        this(PostcodeReference.instance());
    }

    /** A normaliser using the given reference. */
    public PostalAddressNormalizer(PostcodeReference reference) {
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    private enum Kind { SPECIAL, STREET, FLAT, BUILDING, OTHER }

    /** A source line on its way to a slot. */
    private static final class Piece {
        final String field;
        final String original;
        String text;
        List<String> words;
        Kind kind;
        /** Part of a source line that held several parts (street and flat, building and street). */
        boolean part;

        Piece(String field, String original, String text, List<String> words) {
            this.field = field;
            this.original = original;
            this.text = text;
            this.words = words;
        }
    }

    /** Normalises one address. */
    public PostalAddress normalize(PostalAddressInput input) {
        Findings findings = new Findings();
        if (isBlank(input.postcode()) && isBlank(input.city()) && input.lines().stream().allMatch(PostalAddressNormalizer::isBlank)) {
            // No address part at all: no address, not even a recipient line.
            return new PostalAddress(null, null, null, null, null, null, null, null, null, null,
                    isBlank(input.country()) ? "FR" : CountryNames.resolve(input.country()), false, List.of(), List.of());
        }
        String recipient = input.recipient() == null || input.recipient().isBlank() ? null
                : TextFolding.upperKeepingAccents(input.recipient());
        String countryCode = resolveCountry(input.country(), findings);
        List<Piece> pieces = collectPieces(input.lines(), findings);
        if (countryCode == null || !CountryNames.isFrenchPostalArea(countryCode)) {
            return foreign(recipient, pieces, input, countryCode, findings);
        }
        Location location = new Location();
        readPostcodeField(input.postcode(), location, findings);
        readCityField(input.city(), location, findings);
        takeSwappedTown(location, findings);
        if (location.postcode == null || location.town == null) {
            extractPostcodeAndTown(pieces, location, findings);
        }
        List<Piece> classified = classify(pieces);
        for (Piece piece : classified) {
            location.specialService |= piece.kind == Kind.SPECIAL && !piece.words.isEmpty()
                    && POSTAL_SERVICES.contains(piece.words.get(0));
        }
        // without a postcode, a line naming a place is as likely a lieu-dit ("Le Bourg") as the town: not taken
        if (location.town == null && location.postcode != null) {
            takeTownFromLines(classified, location, findings);
        }
        String[] slots = new String[6];
        String[] slotFields = new String[6];
        assignSlots(classified, slots, slotFields, findings);
        Resolution resolution = resolve(location, findings);
        String line6 = formatLine6(resolution, location, findings);
        if (recipient != null && recipient.length() > MAX) {
            findings.flag(ContactRecord.LAST_NAME, FlagCode.TOO_LONG, "recipient line longer than 38 characters", input.recipient());
        }
        if (slots[4] == null && slots[5] == null) {
            findings.flag(PostalAddressInput.lineField(0), FlagCode.INCOMPLETE, "no street or lieu-dit", null);
        }
        return new PostalAddress(recipient, slots[2], slots[3], slots[4], slots[5], line6, null,
                resolution.postcode, resolution.town, resolution.inseeCode, countryCode, resolution.validated,
                findings.corrections(), findings.flags());
    }

    // ---------------------------------------------------------------- country

    private static String resolveCountry(String raw, Findings findings) {
        if (raw == null || raw.isBlank()) {
            return "FR";
        }
        String key = TextFolding.alphanumericKey(raw);
        if (key.isEmpty() || key.equals("99100")) {
            // "-", "?" (nothing said) or INSEE's code for France (99100, in files keyed like the civil registry)
            findings.correct(COUNTRY_FIELD, CorrectionCode.CANONICALISED,
                    key.isEmpty() ? "country left as a placeholder: France" : "INSEE's country code for France", raw, "FR");
            return "FR";
        }
        String code = CountryNames.resolve(raw);
        if (code == null) {
            findings.flag(COUNTRY_FIELD, FlagCode.NOT_VALIDATED, "country not recognised: address restructured only", raw);
            return null;
        }
        if (!code.equals(raw.strip())) {
            findings.correct(COUNTRY_FIELD, CorrectionCode.CANONICALISED, "country written as its ISO 3166 code", raw, code);
        }
        return code;
    }

    private PostalAddress foreign(String recipient, List<Piece> pieces, PostalAddressInput input, String countryCode,
                                  Findings findings) {
        // Street-first: the last source lines fill lines 4 and 5, earlier ones lines 2 and 3, order kept.
        String[] slots = new String[6];
        int count = Math.min(pieces.size(), 4);
        int firstSlot = count <= 2 ? 4 : 6 - count;
        for (int i = 0; i < pieces.size(); i++) {
            String text = TextFolding.upperKeepingAccents(pieces.get(i).text);
            int slot = Math.min(firstSlot + i, 5);
            slots[slot] = slots[slot] == null ? text : slots[slot] + " " + text;
        }
        String postcode = input.postcode() == null || input.postcode().isBlank() ? null : TextFolding.upperKeepingAccents(input.postcode());
        String town = input.city() == null || input.city().isBlank() ? null : TextFolding.upperKeepingAccents(input.city());
        String line6 = joinNonNull(postcode, town);
        String countryLine = countryCode != null ? CountryNames.frenchName(countryCode) : TextFolding.upperKeepingAccents(input.country());
        if (countryCode != null) {
            findings.flag(COUNTRY_FIELD, FlagCode.NOT_VALIDATED, "address outside France: restructured only, not validated", input.country());
        }
        for (int i = 1; i < slots.length; i++) {
            if (slots[i] != null && slots[i].length() > MAX) {
                findings.flag(PostalAddressInput.lineField(0), FlagCode.TOO_LONG, "line " + (i + 1) + " longer than 38 characters", null);
            }
        }
        return new PostalAddress(recipient, slots[2], slots[3], slots[4], slots[5], line6, countryLine,
                postcode, town, null, countryCode, false, findings.corrections(), findings.flags());
    }

    // ---------------------------------------------------------------- pieces

    private List<Piece> collectPieces(List<String> lines, Findings findings) {
        List<Piece> pieces = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String field = PostalAddressInput.lineField(i);
            String text = TextFolding.collapseWhitespace(raw);
            String separated = separateGluedWords(text);
            if (!separated.equals(text)) {
                findings.correct(field, CorrectionCode.TYPO_CORRECTED,
                        "words glued together separated (number and index, street type and name)", raw, separated);
            }
            pieces.add(new Piece(field, raw, separated, mergeInitialisms(PlaceNames.words(TextFolding.alphanumericKey(separated)))));
        }
        return pieces;
    }

    /**
     * Inserts a space between a number and letters ({@code 4bis}, {@code 4av}, {@code BP123}),
     * except for ordinals ({@code 3e}, {@code 1er}), and between a lower-case street type and a
     * capital starting the name ({@code avDesfeux}).
     */
    String separateGluedWords(String text) {
        StringBuilder out = null;
        int length = text.length();
        int wordStart = 0;
        for (int i = 1; i < length; i++) {
            char previous = text.charAt(i - 1);
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(previous)) {
                wordStart = i;
            }
            boolean split = false;
            if (isDigit(previous) && Character.isLetter(c)) {
                split = !isOrdinalAt(text, i);
            } else if (Character.isLetter(previous) && isDigit(c)) {
                split = true;
            } else if (Character.isLowerCase(previous) && Character.isUpperCase(c) && i - wordStart >= 1) {
                String prefix = TextFolding.alphanumericKey(text.substring(wordStart, i));
                split = prefix.length() >= 2 && text.substring(wordStart, i).chars().allMatch(Character::isLowerCase)
                        && vocabulary.isTypeSpelling(prefix);
            }
            if (split) {
                if (out == null) {
                    out = new StringBuilder(length + 4);
                    out.append(text, 0, i);
                }
                out.append(' ');
                wordStart = i;
            }
            if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isOrdinalAt(String text, int letterStart) {
        int end = letterStart;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return ORDINAL_SUFFIXES.contains(TextFolding.alphanumericKey(text.substring(letterStart, end)));
    }

    /** "B P 123" becomes "BP 123", "T S A" becomes "TSA", "C O" becomes "CO", "L D" becomes "LD". */
    private static List<String> mergeInitialisms(List<String> words) {
        if (words.size() < 2 || words.get(0).length() != 1 || words.get(1).length() != 1) {
            return words;
        }
        String three = words.size() >= 3 ? words.get(0) + words.get(1) + words.get(2) : null;
        if ("TSA".equals(three)) {
            List<String> merged = new ArrayList<>(words.subList(3, words.size()));
            merged.add(0, "TSA");
            return merged;
        }
        String two = words.get(0) + words.get(1);
        if (two.equals("BP") || two.equals("CS") || two.equals("CO") || two.equals("LD")) {
            List<String> merged = new ArrayList<>(words.subList(2, words.size()));
            merged.add(0, two);
            return merged;
        }
        return words;
    }

    // ---------------------------------------------------------------- postcode and town

    /** Postcode, town and CEDEX part found so far. */
    private static final class Location {
        String postcode;
        String postcodeOriginal;
        String town;
        String townOriginal;
        String townSource = CITY_FIELD;
        String cedex;
        boolean postcodeMalformed;
        /** A postcode with a foreign country prefix (B-1000): not French, nothing completed from the town. */
        boolean foreignPostcode;
        /** A four-digit postcode read with a leading zero, confirmed only if the town is one the zero gives. */
        boolean padded;
        /** A BP, CS, TSA or CIDEX line: a postcode outside the public reference is then a CEDEX code. */
        boolean specialService;
        /** A postcode field holding letters only ("Rennes"): the town, if the city field holds the postcode. */
        String townInPostcodeField;
    }

    private void readPostcodeField(String raw, Location location, Findings findings) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        location.postcodeOriginal = raw;
        String digitsText = raw;
        // the patterns are tried only on the fields that can match them, not on every postcode
        java.util.regex.Matcher decimal = raw.indexOf('.') < 0 && raw.indexOf(',') < 0 ? null
                : SPREADSHEET_DECIMAL.matcher(raw.strip());
        if (decimal != null && decimal.matches()) {
            digitsText = decimal.group(1);
            findings.correct(POSTCODE_FIELD, CorrectionCode.FORMATTED,
                    "decimal part removed (a spreadsheet stored the postcode as a number)", raw, digitsText);
        }
        java.util.regex.Matcher corsica = digitsText.indexOf('A') < 0 && digitsText.indexOf('B') < 0
                && digitsText.indexOf('a') < 0 && digitsText.indexOf('b') < 0 ? null : CORSICA.matcher(digitsText.strip());
        if (corsica != null && corsica.matches()) {
            digitsText = "20" + corsica.group(2);
            findings.correct(POSTCODE_FIELD, CorrectionCode.FORMATTED,
                    "Corsica's department code (" + corsica.group(1).toUpperCase(java.util.Locale.ROOT)
                            + ") written in the postcode: Corsican postcodes start with 20", raw, digitsText);
        }
        List<String> words = PlaceNames.words(TextFolding.alphanumericKey(separateGluedWords(digitsText)));
        StringBuilder digits = new StringBuilder(5);
        List<String> rest = new ArrayList<>(2);
        String foreignPrefix = null;
        for (String word : words) {
            if (isAllDigits(word) && digits.length() + word.length() <= 5 && rest.isEmpty()) {
                digits.append(word);
            } else if ((word.equals("F") || word.equals("FR")) && digits.length() == 0 && rest.isEmpty()) {
                continue;
            } else if (FOREIGN_POSTCODE_PREFIXES.contains(word) && digits.length() == 0 && rest.isEmpty()) {
                foreignPrefix = word;
            } else {
                rest.add(word);
            }
        }
        if (foreignPrefix != null && digits.length() > 0) {
            // B-1000 Bruxelles, CH-8000 Zurich: read as French, a close French town would be found and "corrected"
            findings.flag(POSTCODE_FIELD, FlagCode.NOT_VALIDATED, "postcode written with the country prefix "
                    + foreignPrefix + "-: an address outside France whose country is missing, not validated", raw);
            location.postcodeMalformed = true;
            location.foreignPostcode = true;
            return;
        }
        if (digits.length() == 0 && !rest.isEmpty()) {
            // letters only: the town written in the postcode field, taken if the city field holds the postcode
            location.townInPostcodeField = String.join(" ", rest);
            return;
        }
        String postcode = digits.toString();
        if (postcode.length() == 4 && reference.hasPostcode("0" + postcode)) {
            // confirmed (and recorded) in resolve, once the town is known: 1000 is Bourg-en-Bresse's 01000, or
            // Brussels
            postcode = "0" + postcode;
            location.padded = true;
        }
        if (postcode.length() != 5) {
            findings.flag(POSTCODE_FIELD, FlagCode.INVALID, NOT_A_POSTCODE, raw);
            location.postcodeMalformed = true;
            return;
        }
        if (!location.padded && !postcode.equals(digitsText.strip()) && rest.isEmpty()) {
            findings.correct(POSTCODE_FIELD, CorrectionCode.FORMATTED, "postcode written as five digits", raw, postcode);
        }
        location.postcode = postcode;
        if (!rest.isEmpty()) {
            String text = String.join(" ", rest);
            if (rest.get(0).equals("CEDEX")) {
                location.cedex = text;
            } else {
                location.town = text;
                location.townOriginal = raw;
                location.townSource = POSTCODE_FIELD;
            }
            findings.correct(POSTCODE_FIELD, CorrectionCode.RESTRUCTURED, "town found in the postcode field", raw, postcode);
        }
    }

    private void readCityField(String raw, Location location, Findings findings) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        List<String> words = PlaceNames.words(TextFolding.alphanumericKey(raw));
        int first = 0;
        int last = words.size();
        if (!words.isEmpty() && isPostcodeWord(words.get(0))) {
            takePostcodeFromText(words.get(0), CITY_FIELD, raw, location, findings);
            first = 1;
        } else if (words.size() > 1 && isPostcodeWord(words.get(words.size() - 1))) {
            takePostcodeFromText(words.get(words.size() - 1), CITY_FIELD, raw, location, findings);
            last = words.size() - 1;
        }
        int cedexAt = words.subList(first, last).indexOf("CEDEX");
        if (cedexAt >= 0) {
            location.cedex = String.join(" ", words.subList(first + cedexAt, last));
            last = first + cedexAt;
        }
        if (last > first) {
            location.town = String.join(" ", words.subList(first, last));
            location.townOriginal = raw;
            location.townSource = CITY_FIELD;
        }
    }

    /** Postcode and town swapped (postcode field "Rennes", city field "35000"): the town is taken from the postcode field. */
    private static void takeSwappedTown(Location location, Findings findings) {
        if (location.townInPostcodeField == null) {
            return;
        }
        if (location.town == null && location.postcode != null) {
            location.town = location.townInPostcodeField;
            location.townOriginal = location.postcodeOriginal;
            location.townSource = POSTCODE_FIELD;
            findings.correct(CITY_FIELD, CorrectionCode.RESTRUCTURED, "postcode and town swapped: town found in the postcode field",
                    location.townOriginal, location.town);
        } else {
            findings.flag(POSTCODE_FIELD, FlagCode.INVALID, NOT_A_POSTCODE, location.postcodeOriginal);
        }
    }

    private static void takePostcodeFromText(String postcode, String field, String raw, Location location, Findings findings) {
        if (location.postcode == null && !location.postcodeMalformed) {
            location.postcode = postcode;
            location.postcodeOriginal = raw;
            findings.correct(POSTCODE_FIELD, CorrectionCode.RESTRUCTURED, "postcode found in the " + field + " field", raw, postcode);
        } else if (location.postcode != null && !location.postcode.equals(postcode)) {
            findings.flag(POSTCODE_FIELD, FlagCode.AMBIGUOUS, "two different postcodes given: the postcode field is kept", raw);
        }
    }

    /** Finds "POSTCODE TOWN [CEDEX n]" (or "TOWN POSTCODE") inside an address line, last lines first. */
    private void extractPostcodeAndTown(List<Piece> pieces, Location location, Findings findings) {
        for (int p = pieces.size() - 1; p >= 0; p--) {
            Piece piece = pieces.get(p);
            List<String> words = piece.words;
            for (int k = words.size() - 1; k >= 0; k--) {
                if (!isPostcodeWord(words.get(k))) {
                    continue;
                }
                if (location.postcode != null && !location.postcode.equals(words.get(k))) {
                    continue;
                }
                List<String> after = words.subList(k + 1, words.size());
                List<String> before = words.subList(0, k);
                List<String> townWords;
                List<String> kept;
                if (!after.isEmpty() && isTownLike(after)) {
                    townWords = after;
                    kept = before;
                } else if (after.isEmpty() && !before.isEmpty() && isTownLike(before) && !hasNumberOrStreet(before)) {
                    townWords = before;
                    kept = List.of();
                } else if (after.isEmpty()) {
                    // "4 rue Desfeux 92100": the postcode alone closes the line; "4 av Desfeux Boulogne 92100": the
                    // words before it that name a town the postcode serves are the town, not the street's
                    int townStart = location.town == null ? townBefore(before, words.get(k)) : -1;
                    townWords = townStart < 0 ? List.of() : before.subList(townStart, before.size());
                    kept = townStart < 0 ? before : before.subList(0, townStart);
                } else {
                    continue;
                }
                if (location.postcode == null) {
                    location.postcode = words.get(k);
                    location.postcodeOriginal = piece.original;
                    findings.correct(POSTCODE_FIELD, CorrectionCode.RESTRUCTURED, "postcode found inside an address line", piece.original, words.get(k));
                }
                if (!townWords.isEmpty()) {
                    int cedexAt = townWords.indexOf("CEDEX");
                    List<String> townOnly = cedexAt >= 0 ? townWords.subList(0, cedexAt) : townWords;
                    if (cedexAt >= 0 && location.cedex == null) {
                        location.cedex = String.join(" ", townWords.subList(cedexAt, townWords.size()));
                    }
                    if (location.town == null && !townOnly.isEmpty()) {
                        location.town = String.join(" ", townOnly);
                        location.townOriginal = piece.original;
                        location.townSource = piece.field;
                        findings.correct(CITY_FIELD, CorrectionCode.RESTRUCTURED, "town found inside an address line", piece.original, location.town);
                    }
                }
                if (kept.isEmpty()) {
                    pieces.remove(p);
                } else {
                    piece.words = new ArrayList<>(kept);
                    piece.text = String.join(" ", kept);
                }
                return;
            }
        }
    }

    /**
     * Where the last words before a postcode that closes a street line start naming a town of that postcode (as
     * written, or shortened to its first words); -1 if they do not. At least two words stay for the street.
     */
    private int townBefore(List<String> before, String postcode) {
        List<PostcodeEntry> entries = reference.byPostcode(postcode);
        if (entries.isEmpty()) {
            return -1;
        }
        for (int start = Math.max(2, before.size() - 4); start < before.size(); start++) {
            List<String> tail = before.subList(start, before.size());
            if (tail.stream().anyMatch(PostalAddressNormalizer::isAllDigits)) {
                continue;
            }
            String last = before.get(start - 1);
            if (STREET_NAME_LINKS.contains(last) || vocabulary.typeAt(before, start - 1) != null) {
                // "4 RUE DE RENNES 35000": the town's name is the street's
                continue;
            }
            String key = PlaceNames.key(String.join(" ", tail));
            if (exactWithin(entries, key) != null || uniqueWordPrefix(entries, key) != null) {
                return start;
            }
        }
        return -1;
    }

    /** Words that can be a town: letters, at least one word of two letters, no street type first, CEDEX number allowed. */
    private boolean isTownLike(List<String> words) {
        if (vocabulary.typeAt(words, 0) != null || SPECIAL_STARTS.contains(words.get(0)) && !words.get(0).equals("CEDEX")) {
            return false;
        }
        boolean afterCedex = false;
        boolean hasLetters = false;
        for (String word : words) {
            if (word.equals("CEDEX")) {
                afterCedex = true;
            } else if (isAllDigits(word)) {
                if (!afterCedex || word.length() > 3) {
                    return false;
                }
            } else {
                hasLetters |= word.length() >= 2;
            }
        }
        return hasLetters;
    }

    private boolean hasNumberOrStreet(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            if (isAllDigits(words.get(i)) || vocabulary.typeAt(words, i) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * When no town was given, a line without number or keyword may be it (last lines first): taken
     * only when the reference confirms it, for the postcode when there is one.
     */
    private void takeTownFromLines(List<Piece> pieces, Location location, Findings findings) {
        for (int i = pieces.size() - 1; i >= 0; i--) {
            Piece piece = pieces.get(i);
            if (piece.kind != Kind.OTHER) {
                continue;
            }
            String key = PlaceNames.key(piece.text);
            boolean known = location.postcode != null && reference.hasPostcode(location.postcode)
                    ? matchesPostcodeTown(location.postcode, key)
                            || !nearestWithin(reference.byPostcode(location.postcode), key).isEmpty()
                    : !reference.byTownKey(key).isEmpty();
            if (known) {
                location.town = String.join(" ", piece.words);
                location.townOriginal = piece.original;
                location.townSource = piece.field;
                pieces.remove(i);
                findings.correct(CITY_FIELD, CorrectionCode.RESTRUCTURED, "town found in an address line", piece.original, location.town);
                return;
            }
        }
    }

    private boolean matchesPostcodeTown(String postcode, String townKey) {
        for (PostcodeEntry entry : reference.byPostcode(postcode)) {
            if (entry.deliveryKey().equals(townKey) || entry.communeKey().equals(townKey)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- classification and slots

    private List<Piece> classify(List<Piece> pieces) {
        List<Piece> out = new ArrayList<>(pieces.size() + 1);
        for (Piece piece : pieces) {
            List<String> words = piece.words;
            if (words.isEmpty()) {
                continue;
            }
            if (SPECIAL_STARTS.contains(words.get(0)) || startsWith(words, "BOITE", "POSTALE")
                    || startsWith(words, "CASE", "POSTALE") || startsWith(words, "LIEU", "DIT")
                    || startsWith(words, "POSTE", "RESTANTE")) {
                piece.kind = Kind.SPECIAL;
                out.add(piece);
                continue;
            }
            int street = strongStreetStart(words);
            int flat = firstIndexOf(words, FLAT_WORDS);
            int building = firstIndexOf(words, BUILDING_WORDS);
            if (street > 0 && (flat == 0 || building == 0)) {
                // "APPT 12 RESIDENCE LES ROSES 4 RUE X": the flat to line 2, the building to line 3, the street to 4
                int second = flat == 0 ? building : flat;
                if (second > 0 && second < street) {
                    out.add(subPiece(piece, 0, second, flat == 0 ? Kind.FLAT : Kind.BUILDING));
                    out.add(subPiece(piece, second, street, flat == 0 ? Kind.BUILDING : Kind.FLAT));
                } else {
                    out.add(subPiece(piece, 0, street, flat == 0 ? Kind.FLAT : Kind.BUILDING));
                }
                addStreetAndTrailingParts(piece, street, street, out);
                continue;
            }
            if (street >= 0 && (flat < 0 || flat > street) && (building < 0 || building > street)) {
                // the street starts the line, or only "N°" or a zone comes before it: any flat or building word is
                // after the street
                addStreetAndTrailingParts(piece, 0, street, out);
                continue;
            }
            if (flat >= 0 && (building < 0 || flat <= building)) {
                piece.kind = Kind.FLAT;
            } else if (building >= 0) {
                piece.kind = Kind.BUILDING;
            } else if (street > 0 || isNumberWord(words.get(0))) {
                piece.kind = Kind.STREET;
            } else {
                piece.kind = Kind.OTHER;
            }
            out.add(piece);
        }
        return out;
    }

    /** Whether a number (and its index: BIS, TER, B) followed by a street type starts at word i ("12 BIS RUE ..."). */
    private boolean numberedStreetAt(List<String> words, int i) {
        if (!isNumberWord(words.get(i))) {
            return false;
        }
        int next = i + 1;
        if (next < words.size() && isRepetitionIndex(words, next)) {
            next++;
        }
        return next < words.size() && vocabulary.typeAt(words, next) != null;
    }

    /** Index where a street with a type starts: a type word, or a number (and index) followed by a type; -1 if none. */
    private int strongStreetStart(List<String> words) {
        if (!words.isEmpty() && (FLAT_WORDS.contains(words.get(0)) || BUILDING_WORDS.contains(words.get(0)))) {
            // "RESIDENCE LES JARDINS DU MAIL 12 RUE X", "RESIDENCE LE CLOS DES PINS": a residence's name is full of
            // street-type words; after a building or flat word the street is a number and a type, or a type that
            // only streets have
            for (int i = 1; i < words.size(); i++) {
                if (numberedStreetAt(words, i)) {
                    return i;
                }
            }
            for (int i = 1; i < words.size() - 1; i++) {
                StreetVocabulary.TypeMatch type = vocabulary.typeAt(words, i);
                if (type != null && STREET_ONLY_TYPES.contains(type.type().abbreviation())
                        && !FLAT_WORDS.contains(words.get(i - 1)) && !BUILDING_WORDS.contains(words.get(i - 1))) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < words.size(); i++) {
            if (isNumberWord(words.get(i))) {
                if (numberedStreetAt(words, i)) {
                    return i;
                }
            } else if (vocabulary.typeAt(words, i) != null && words.size() > i + 1
                    && (i == 0 || !FLAT_WORDS.contains(words.get(i - 1)) && !BUILDING_WORDS.contains(words.get(i - 1)))) {
                return i == 0 || !isNumberWord(words.get(i - 1)) ? i : i - 1;
            }
        }
        return -1;
    }

    /**
     * Adds words {@code from..end} of the piece as its street, after cutting off the flat, floor, staircase, building
     * or residence parts written after the street ("12 RUE DES LILAS BAT B ESC 2": street, BAT B to line 3, ESC 2 to
     * line 2). {@code street} is where the number or type of the street starts. Each part runs up to the next one.
     */
    private void addStreetAndTrailingParts(Piece piece, int from, int street, List<Piece> out) {
        List<String> words = piece.words;
        int start = firstTrailingPart(words, street);
        if (start < 0) {
            if (from == 0) {
                piece.kind = Kind.STREET;
                out.add(piece);
            } else {
                out.add(subPiece(piece, from, words.size(), Kind.STREET));
            }
            return;
        }
        out.add(subPiece(piece, from, start, Kind.STREET));
        while (start >= 0) {
            int next = nextTrailingPart(words, start + 1);
            out.add(subPiece(piece, start, next < 0 ? words.size() : next, trailingPartKind(words.get(start))));
            start = next;
        }
    }

    /** Index of the first part after the street that starts at {@code street}, or -1. */
    private int firstTrailingPart(List<String> words, int street) {
        // fast path: most street lines hold none of the words a part starts with
        int marker = -1;
        for (int i = street + 1; i < words.size(); i++) {
            if (TRAILING_PART_WORDS.contains(words.get(i))) {
                marker = i;
                break;
            }
        }
        if (marker < 0) {
            return -1;
        }
        // the street's name needs at least one word after its type: "RUE ESC 2", "RUE BATIMENT" name the street
        int name = street;
        if (name + 1 < words.size() && (words.get(name).equals("N") || words.get(name).equals("NO")
                || words.get(name).equals("NUM") || words.get(name).equals("NUMERO")) && isNumberWord(words.get(name + 1))) {
            name++;
        }
        if (isNumberWord(words.get(name))) {
            name++;
            if (name < words.size() - 1 && isRepetitionIndex(words, name)) {
                name++;
            }
        }
        StreetVocabulary.TypeMatch type = vocabulary.typeAt(words, name);
        int firstAllowed = name + 1;
        if (type != null) {
            firstAllowed = type.start() + type.length()
                    + (type.type().abbreviation().equals(SELF_NAMED_STREET_TYPE) ? 0 : 1);
        }
        // an ordinal floor ("3E ETAGE") starts one word before its marker
        return nextTrailingPart(words, Math.max(firstAllowed, marker - 1));
    }

    /** Index of the next part start at or after {@code from}, or -1. */
    private static int nextTrailingPart(List<String> words, int from) {
        for (int i = Math.max(from, 1); i < words.size(); i++) {
            if (startsTrailingPart(words, i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a flat or building part starts at word i (never the first word of the line). A marker word right after
     * DE, DU, LA, L'... belongs to the street's name ("RUE DU BATIMENT", "ALLEE DE L ESCALIER", "RUE DE LA TOUR B");
     * BAT, APPT, ESC, TOUR... need a number or letter after them ("3 RUE DU BAL" ends with its name); RESIDENCE and
     * IMMEUBLE need a name after them.
     */
    private static boolean startsTrailingPart(List<String> words, int i) {
        if (STREET_NAME_LINKS.contains(words.get(i - 1))) {
            return false;
        }
        String word = words.get(i);
        boolean hasNext = i + 1 < words.size();
        if (isOrdinalWord(word)) {
            return hasNext && (words.get(i + 1).equals("ETAGE") || words.get(i + 1).equals("ETG"));
        }
        if (!TRAILING_PART_WORDS.contains(word)) {
            return false;
        }
        if (word.equals("RDC")) {
            return true;
        }
        if (TRAILING_NAMED_BUILDING_WORDS.contains(word)) {
            return hasNext;
        }
        if ((word.equals("ETAGE") || word.equals("ETG")) && isOrdinalWord(words.get(i - 1))) {
            // "3E ETAGE": the part started at the ordinal
            return false;
        }
        return isIdentifierAt(words, i + 1);
    }

    /** A flat or building number: digits, a single letter, an ordinal, or N / NO and digits ("APPT N 34"). */
    private static boolean isIdentifierAt(List<String> words, int i) {
        if (i >= words.size()) {
            return false;
        }
        String word = words.get(i);
        if (isAllDigits(word) || isOrdinalWord(word)) {
            return true;
        }
        if (word.equals("N") || word.equals("NO")) {
            return i + 1 < words.size() && isAllDigits(words.get(i + 1));
        }
        return word.length() == 1 && Character.isLetter(word.charAt(0));
    }

    private static Kind trailingPartKind(String first) {
        return TRAILING_BUILDING_WORDS.contains(first) || TRAILING_NAMED_BUILDING_WORDS.contains(first)
                ? Kind.BUILDING : Kind.FLAT;
    }

    private static Piece subPiece(Piece piece, int from, int to, Kind kind) {
        List<String> words = new ArrayList<>(piece.words.subList(from, to));
        Piece sub = new Piece(piece.field, piece.original, String.join(" ", words), words);
        sub.kind = kind;
        sub.part = true;
        return sub;
    }

    private void assignSlots(List<Piece> pieces, String[] slots, String[] slotFields, Findings findings) {
        // Line 4 goes to the first street with a number; other street lines (a zone, a second street) overflow.
        Piece line4 = null;
        for (Piece piece : pieces) {
            if (piece.kind == Kind.STREET && (line4 == null || !startsWithNumber(line4) && startsWithNumber(piece))) {
                line4 = piece;
            }
        }
        if (line4 != null) {
            place(slots, slotFields, 4, line4, formatStreet(line4, findings), findings);
        }
        for (Piece piece : pieces) {
            if (piece == line4) {
                continue;
            }
            switch (piece.kind) {
                case STREET:
                    if (slots[4] == null) {
                        place(slots, slotFields, 4, piece, formatStreet(piece, findings), findings);
                    } else {
                        placeOverflow(slots, slotFields, piece, formatPlain(piece, findings), new int[]{3, 5, 2}, findings);
                    }
                    break;
                case SPECIAL:
                    place(slots, slotFields, 5, piece, formatSpecial(piece, findings), findings);
                    break;
                case FLAT:
                    placeComplement(slots, slotFields, 2, piece, findings);
                    break;
                case BUILDING:
                    placeComplement(slots, slotFields, 3, piece, findings);
                    break;
                default:
                    placeOverflow(slots, slotFields, piece, formatPlain(piece, findings), new int[]{5, 3, 2}, findings);
                    break;
            }
        }
        for (int slot = 2; slot <= 5; slot++) {
            if (slots[slot] != null && slots[slot].length() > MAX) {
                slots[slot] = shorten(slots[slot], slotFields[slot], slot, findings);
            }
        }
    }

    private static void place(String[] slots, String[] slotFields, int slot, Piece piece, String text, Findings findings) {
        if (slots[slot] == null) {
            slots[slot] = text;
            slotFields[slot] = piece.field;
        } else {
            slots[slot] = slots[slot] + " " + text;
            findings.correct(piece.field, CorrectionCode.RESTRUCTURED, "joined to another line of the same kind", piece.original, slots[slot]);
        }
    }

    /**
     * Puts a flat (line 2) or building (line 3) on its line, after what the line already holds. The same complement
     * given twice ("4 rue Desfeux Apt 12" and "Appt 12" in another field) is written once, the fuller form kept; a
     * joined line longer than 38 characters is abbreviated, then flagged, with every part kept.
     */
    private static void placeComplement(String[] slots, String[] slotFields, int slot, Piece piece, Findings findings) {
        String kind = slot == 2 ? "flat, floor or staircase" : "building or residence";
        if (slots[slot] != null) {
            List<String> held = complementKey(PlaceNames.words(TextFolding.alphanumericKey(slots[slot])));
            List<String> given = complementKey(piece.words);
            if (holdsPart(held, given)) {
                findings.correct(piece.field, CorrectionCode.DUPLICATE_REMOVED, kind + " already on line " + slot
                        + " (from another part or field): written once", piece.original, slots[slot]);
                return;
            }
            if (holdsPart(given, held)) {
                String text = formatComplement(piece, slot, findings);
                findings.correct(slotFields[slot], CorrectionCode.DUPLICATE_REMOVED, kind + " on line " + slot
                        + " given again, with more, by another part or field: written once", slots[slot], text);
                slots[slot] = text;
                slotFields[slot] = piece.field;
                return;
            }
        }
        place(slots, slotFields, slot, piece, formatComplement(piece, slot, findings), findings);
    }

    /** The words with each complement word in one spelling (APPT, APT, APPARTEMENT: APP). */
    private static List<String> complementKey(List<String> words) {
        List<String> key = new ArrayList<>(words.size());
        for (String word : words) {
            key.add(COMPLEMENT_SYNONYMS.getOrDefault(word, word));
        }
        return key;
    }

    /**
     * Whether {@code part} appears in {@code line} as whole parts: "ESC B" in "APP 12 ESC B", not "BAT B" in
     * "BAT B 2" (building B2), nor "TOUR 2" in "RES DE LA TOUR 2".
     */
    private static boolean holdsPart(List<String> line, List<String> part) {
        int n = part.size();
        for (int i = 0; i + n <= line.size(); i++) {
            if (line.subList(i, i + n).equals(part)
                    && (i == 0 || !STREET_NAME_LINKS.contains(line.get(i - 1)))
                    && (i + n == line.size() || TRAILING_PART_WORDS.contains(line.get(i + n)) || isOrdinalWord(line.get(i + n)))) {
                return true;
            }
        }
        return false;
    }

    private static void placeOverflow(String[] slots, String[] slotFields, Piece piece, String text, int[] preference,
                                      Findings findings) {
        for (int slot : preference) {
            if (slots[slot] == null) {
                slots[slot] = text;
                slotFields[slot] = piece.field;
                return;
            }
        }
        place(slots, slotFields, preference[0], piece, text, findings);
    }

    // ---------------------------------------------------------------- line formats

    /** Line 4: number, repetition index, abbreviated street type, street name. */
    private String formatStreet(Piece piece, Findings findings) {
        List<String> words = piece.words;
        List<String> out = new ArrayList<>(words.size());
        int i = 0;
        if (words.size() > 1 && (words.get(0).equals("N") || words.get(0).equals("NO") || words.get(0).equals("NUM")
                || words.get(0).equals("NUMERO")) && isNumberWord(words.get(1))) {
            i = 1;
        }
        if (i < words.size() && isNumberWord(words.get(i))) {
            out.add(stripLeadingZeros(words.get(i)));
            i++;
            if (i < words.size() - 1 && isRepetitionIndex(words, i)) {
                out.add(words.get(i));
                i++;
            }
        }
        StreetVocabulary.TypeMatch type = i < words.size() ? vocabulary.typeAt(words, i) : null;
        if (type != null && words.size() > i + type.length()) {
            String written = String.join(" ", words.subList(i, i + type.length()));
            String abbreviation = type.type().abbreviation();
            if (!written.equals(abbreviation)) {
                findings.correct(piece.field, CorrectionCode.ABBREVIATED,
                        "street type written as its La Poste abbreviation", written, abbreviation);
            }
            out.add(abbreviation);
            i += type.length();
        }
        out.addAll(words.subList(i, words.size()));
        String line = String.join(" ", out);
        recordFormatting(piece, line, findings);
        return line;
    }

    private static String formatSpecial(Piece piece, Findings findings) {
        List<String> words = piece.words;
        String line;
        if (startsWith(words, "BOITE", "POSTALE") || startsWith(words, "CASE", "POSTALE")) {
            String prefix = words.get(0).equals("BOITE") ? "BP" : "CP";
            line = prefix + (words.size() > 2 ? " " + String.join(" ", words.subList(2, words.size())) : "");
            findings.correct(piece.field, CorrectionCode.ABBREVIATED, "postal box written as its La Poste abbreviation", piece.original, line);
            return line;
        }
        line = String.join(" ", words);
        recordFormatting(piece, line, findings);
        return line;
    }

    private String formatPlain(Piece piece, Findings findings) {
        String line = String.join(" ", piece.words);
        recordFormatting(piece, line, findings);
        return line;
    }

    /** Lines 2 and 3: capitals, accents kept, punctuation other than hyphen, apostrophe and slash removed. */
    private static String formatComplement(Piece piece, int line, Findings findings) {
        String text = piece.text;
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isLetterOrDigit(c) || c == '-' || c == '\'' || c == '/' || c == ' ' ? c : ' ');
        }
        String formatted = TextFolding.collapseWhitespace(TextFolding.upperKeepingAccents(out.toString())).strip();
        if (piece.part) {
            findings.correct(piece.field, CorrectionCode.RESTRUCTURED, (line == 2 ? "flat, floor or staircase" : "building or residence")
                    + " part of the line moved to line " + line, piece.original, formatted);
        } else if (!formatted.equals(piece.original)) {
            findings.correct(piece.field, CorrectionCode.FORMATTED,
                    "capitals, punctuation removed (La Poste lines 2 and 3, accents kept)", piece.original, formatted);
        }
        return formatted;
    }

    private static void recordFormatting(Piece piece, String line, Findings findings) {
        if (piece.part) {
            findings.correct(piece.field, CorrectionCode.RESTRUCTURED,
                    "street part of the line kept on line 4 (capitals without accents or punctuation)", piece.original, line);
        } else if (!line.equals(piece.original)) {
            findings.correct(piece.field, CorrectionCode.FORMATTED,
                    "capitals without accents or punctuation (La Poste lines 4 to 6)", piece.original, line);
        }
    }

    /** Abbreviates La Poste words left to right until the line fits; flags it when it still does not. */
    private String shorten(String line, String field, int slot, Findings findings) {
        String shortened = abbreviateWords(line);
        if (!shortened.equals(line)) {
            findings.correct(field, CorrectionCode.ABBREVIATED, "words abbreviated to fit 38 characters", line, shortened);
        }
        if (shortened.length() > MAX) {
            findings.flag(field, FlagCode.TOO_LONG, "line " + slot + " longer than 38 characters even abbreviated", line);
        }
        return shortened;
    }

    private String abbreviateWords(String line) {
        return abbreviateWords(line, MAX);
    }

    /** Abbreviates words left to right while the text is longer than {@code budget} characters. */
    private String abbreviateWords(String line, int budget) {
        List<String> words = new ArrayList<>(PlaceNames.words(line));
        // lines 2 and 3 keep their accents ("RÉSIDENCE"): words are matched without them
        List<String> keys = new ArrayList<>(words.size());
        for (String word : words) {
            keys.add(TextFolding.alphanumericKey(word));
        }
        int length = line.length();
        for (int i = 0; i < words.size() && length > budget; i++) {
            for (StreetVocabulary.WordAbbreviation abbreviation : vocabulary.wordAbbreviations()) {
                List<String> target = abbreviation.words();
                if (i + target.size() <= keys.size() && keys.subList(i, i + target.size()).equals(target)) {
                    int before = String.join(" ", words.subList(i, i + target.size())).length();
                    for (int k = 1; k < target.size(); k++) {
                        words.remove(i + 1);
                        keys.remove(i + 1);
                    }
                    keys.set(i, abbreviation.abbreviation());
                    words.set(i, abbreviation.abbreviation());
                    length -= before - abbreviation.abbreviation().length();
                    break;
                }
            }
        }
        return String.join(" ", words);
    }

    // ---------------------------------------------------------------- validation

    /** Outcome of the postcode and town check. */
    private static final class Resolution {
        String postcode;
        String town;
        String inseeCode;
        boolean validated;
    }

    private Resolution resolve(Location location, Findings findings) {
        Resolution result = new Resolution();
        result.postcode = location.postcode;
        result.town = location.town == null ? null : TextFolding.alphanumericKey(location.town);
        String townKey = PlaceNames.key(location.town);
        if (location.postcode == null && townKey.isEmpty()) {
            if (!location.postcodeMalformed) {
                findings.flag(POSTCODE_FIELD, FlagCode.INCOMPLETE, "neither postcode nor town given", null);
            }
            return result;
        }
        if (location.foreignPostcode) {
            return result;
        }
        List<String> arrondissement = PlaceNames.arrondissementPostcodes(location.town);
        if (!arrondissement.isEmpty()) {
            if (location.postcode == null && !location.postcodeMalformed) {
                location.postcode = arrondissement.get(0);
                result.postcode = location.postcode;
                findings.correct(POSTCODE_FIELD, CorrectionCode.COMPLETED,
                        "postcode was missing: the arrondissement written with the town gives it", null, location.postcode);
            } else if (PlaceNames.isArrondissementPostcode(location.postcode) && !arrondissement.contains(location.postcode)) {
                findings.flag(POSTCODE_FIELD, FlagCode.POSTCODE_TOWN_MISMATCH,
                        "the arrondissement written with the town does not match the postcode: one of them is wrong, not corrected",
                        location.postcodeOriginal);
                return result;
            }
        }
        List<PostcodeEntry> postcodeEntries = reference.byPostcode(location.postcode);
        if (location.padded) {
            if (!townKey.isEmpty() && !serves(postcodeEntries, townKey)) {
                findings.flag(POSTCODE_FIELD, FlagCode.INVALID, "four-digit postcode: with a leading zero it would be "
                        + location.postcode + ", which does not serve the town; a foreign postcode (country missing?) is "
                        + "not guessed", location.postcodeOriginal);
                result.postcode = null;
                return result;
            }
            findings.correct(POSTCODE_FIELD, CorrectionCode.FORMATTED,
                    "leading zero restored (lost when the file went through a spreadsheet)", location.postcodeOriginal,
                    location.postcode);
        }
        if ((location.cedex != null || location.specialService) && postcodeEntries.isEmpty() && location.postcode != null) {
            return resolveCedex(location, townKey, result, findings);
        }
        if (!postcodeEntries.isEmpty()) {
            if (townKey.isEmpty()) {
                return completeTown(postcodeEntries, result, findings);
            }
            PostcodeEntry exact = exactWithin(postcodeEntries, townKey);
            if (exact != null) {
                return accept(exact, location, result, findings, exact.deliveryKey().equals(townKey)
                        || exact.communeKey().equals(townKey) ? "town written as in the La Poste reference"
                        : "town written without its article: completed as in the La Poste reference");
            }
            PostcodeEntry completed = uniqueWordPrefix(postcodeEntries, townKey);
            if (completed != null) {
                return accept(completed, location, result, findings,
                        "town name shortened: completed to the only town of the postcode that starts with the same words");
            }
            List<PostcodeEntry> near = nearestWithin(postcodeEntries, townKey);
            if (distinctDeliveryNames(near) == 1) {
                return accept(near.get(0), location, result, findings,
                        "town misspelt: corrected to the nearest town served by the postcode (edit distance within budget)");
            }
            if (near.size() > 1) {
                findings.flag(CITY_FIELD, FlagCode.AMBIGUOUS, "town as close to several towns of the postcode: not corrected", location.townOriginal);
                return result;
            }
        }
        if (townKey.isEmpty()) {
            findings.flag(POSTCODE_FIELD, location.postcode == null ? FlagCode.INCOMPLETE : FlagCode.INVALID,
                    "postcode not in the La Poste reference and no town to check it against", location.postcodeOriginal);
            return result;
        }
        return resolveByTown(location, townKey, postcodeEntries.isEmpty(), result, findings);
    }

    private Resolution resolveByTown(Location location, String townKey, boolean postcodeUnknown, Resolution result,
                                     Findings findings) {
        String department = PlaceNames.department(location.postcode);
        List<PostcodeEntry> candidates = reference.byTownKey(townKey);
        boolean fuzzy = false;
        if (candidates.isEmpty()) {
            PostcodeReference.TownMatch match = reference.fuzzyTown(townKey, department);
            if (match.isEmpty()) {
                findings.flag(CITY_FIELD, location.postcode == null ? FlagCode.INCOMPLETE : FlagCode.POSTCODE_TOWN_MISMATCH,
                        location.postcode == null ? "town not found in the La Poste reference and no postcode"
                                : postcodeUnknown ? "postcode not in the La Poste reference and town not found either"
                                : "town not served by the postcode and not found elsewhere in the reference",
                        location.townOriginal);
                return result;
            }
            if (!match.isUnique()) {
                findings.flag(CITY_FIELD, FlagCode.AMBIGUOUS, "town equally close to several reference towns: not corrected", location.townOriginal);
                return result;
            }
            candidates = reference.byTownKey(match.townKeys().get(0));
            fuzzy = true;
        }
        Set<String> postcodes = new LinkedHashSet<>();
        for (PostcodeEntry entry : candidates) {
            postcodes.add(entry.postcode());
        }
        String chosen = null;
        String rule = null;
        if (postcodes.size() == 1) {
            chosen = postcodes.iterator().next();
            rule = "the town has a single postcode";
        } else if (location.postcode != null) {
            chosen = single(postcodes, code -> department != null && department.equals(PlaceNames.department(code)));
            rule = "the only postcode of the town in the same department";
            if (chosen == null) {
                chosen = single(postcodes, code -> differsByOneDigit(code, location.postcode));
                rule = "the only postcode of the town one digit away from the one given";
            }
        }
        if (chosen != null && location.postcode != null && !postcodeUnknown && !chosen.equals(location.postcode)
                && !(department != null && department.equals(PlaceNames.department(chosen)))
                && !differsByOneDigit(chosen, location.postcode)) {
            // a postcode that exists, and a town of that name only in another department, more than a typo away:
            // a former commune merged into a new one (49660 Torfou) or a namesake, not a wrong postcode
            findings.flag(POSTCODE_FIELD, FlagCode.POSTCODE_TOWN_MISMATCH, "the postcode exists but does not serve the town, "
                    + (fuzzy ? "and a town spelt alike" : "and a town of that name") + " is only in another department ("
                    + chosen + "): not corrected", location.postcodeOriginal);
            return result;
        }
        if (chosen != null && location.postcode == null && location.postcodeMalformed && fuzzy) {
            findings.flag(POSTCODE_FIELD, FlagCode.INVALID,
                    "postcode malformed and the town found only approximately: the postcode is not completed",
                    location.postcodeOriginal);
            return result;
        }
        if (chosen == null) {
            findings.flag(POSTCODE_FIELD, FlagCode.AMBIGUOUS,
                    location.postcode == null ? "postcode missing and the town has several postcodes"
                            : "postcode does not match the town, which has several postcodes: not corrected",
                    location.postcodeOriginal);
            return result;
        }
        PostcodeEntry entry = null;
        for (PostcodeEntry candidate : candidates) {
            if (candidate.postcode().equals(chosen)) {
                entry = candidate;
                break;
            }
        }
        if (location.postcode == null) {
            findings.correct(POSTCODE_FIELD, CorrectionCode.COMPLETED,
                    (location.postcodeOriginal == null ? "postcode was missing: " : "postcode was malformed: ") + rule,
                    location.postcodeOriginal, chosen);
        } else if (!chosen.equals(location.postcode)) {
            String why = postcodeUnknown ? "postcode not in the La Poste reference" : "postcode does not serve the town";
            findings.correct(POSTCODE_FIELD, CorrectionCode.POSTCODE_CORRECTED,
                    why + "; town " + (fuzzy ? "fuzzy-matched (edit distance within budget, single nearest town)" : "found exactly")
                            + " in the reference; postcode reassigned: " + rule,
                    location.postcodeOriginal, chosen);
        }
        return accept(entry, location, result, findings, fuzzy
                ? "town misspelt: corrected to the single nearest reference town (edit distance within budget)"
                : "town written as in the La Poste reference");
    }

    private Resolution resolveCedex(Location location, String townKey, Resolution result, Findings findings) {
        String department = PlaceNames.department(location.postcode);
        boolean townInDepartment = false;
        for (PostcodeEntry entry : reference.byTownKey(townKey)) {
            if (department.equals(PlaceNames.department(entry.postcode()))) {
                townInDepartment = true;
                result.town = entry.deliveryName();
                break;
            }
        }
        findings.flag(POSTCODE_FIELD, FlagCode.NOT_VALIDATED, location.cedex == null
                ? (townInDepartment ? "postcode not in the public reference, with a BP, CS or TSA: a CEDEX code, only the town and its department were checked"
                        : "postcode not in the public reference, with a BP, CS or TSA: a CEDEX code, and the town is not found in its department")
                : townInDepartment
                ? "CEDEX postcode not in the public reference: only the town and its department were checked"
                : "CEDEX postcode not in the public reference and town not found in its department", location.postcodeOriginal);
        return result;
    }

    private Resolution completeTown(List<PostcodeEntry> entries, Resolution result, Findings findings) {
        if (distinctDeliveryNames(entries) == 1) {
            PostcodeEntry entry = entries.get(0);
            result.town = entry.deliveryName();
            result.inseeCode = distinctCommunes(entries) == 1 ? entry.inseeCode() : null;
            result.validated = true;
            findings.correct(CITY_FIELD, CorrectionCode.COMPLETED, "town was missing: the postcode serves a single town", null, entry.deliveryName());
        } else {
            findings.flag(CITY_FIELD, FlagCode.INCOMPLETE, "town missing and the postcode serves several towns", null);
        }
        return result;
    }

    /**
     * Takes the entry as the validated postcode and town. The town is written as the entry's
     * delivery name, or as its commune name when that is the name the input spelled (a commune
     * delivered under another name, such as a hamlet's, keeps the name its resident wrote).
     * {@code townReason} explains a town replaced by a different name (misspelt, shortened).
     */
    private static Resolution accept(PostcodeEntry entry, Location location, Resolution result, Findings findings,
                                     String townReason) {
        String givenKey = PlaceNames.key(location.town);
        String town = townForm(entry, givenKey);
        if (entry.postcode().length() + 1 + town.length() > MAX && !town.equals(entry.deliveryName())) {
            // a long commune name (Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson) does not fit line 6: La Poste's
            // delivery name for it (ST REMY BOUZEMONT) does
            town = entry.deliveryName();
            townReason = "commune name longer than line 6 allows: La Poste's delivery name for it";
        }
        result.postcode = entry.postcode();
        result.town = town;
        result.inseeCode = entry.inseeCode();
        result.validated = true;
        if (location.cedex != null && !entry.deliveryKey().contains("CEDEX")) {
            findings.flag(CITY_FIELD, FlagCode.NOT_VALIDATED,
                    "CEDEX mention with an ordinary postcode: kept as given, not checked", location.townOriginal);
        }
        if (!givenKey.isEmpty() && !givenKey.equals(PlaceNames.key(town))) {
            findings.correct(CITY_FIELD, CorrectionCode.TOWN_CORRECTED, townReason, location.townOriginal, town);
        } else if (location.townOriginal != null && !town.equals(location.townOriginal)
                && location.townSource.equals(CITY_FIELD)) {
            findings.correct(CITY_FIELD, CorrectionCode.FORMATTED,
                    "capitals without accents or punctuation (La Poste lines 4 to 6)", location.townOriginal, town);
        }
        return result;
    }

    /** The entry's delivery name, or its commune name in line-6 form when the given town is nearer to that. */
    private static String townForm(PostcodeEntry entry, String givenKey) {
        if (givenKey.isEmpty() || givenKey.equals(entry.deliveryKey()) || entry.deliveryKey().startsWith(givenKey + " ")) {
            return entry.deliveryName();
        }
        if (givenKey.equals(entry.communeKey()) || entry.communeKey().startsWith(givenKey + " ")) {
            return TextFolding.alphanumericKey(entry.communeName());
        }
        int budget = PostcodeReference.maxEdits(givenKey.length());
        int toDelivery = positive(PostcodeReference.distanceWithin(givenKey, entry.deliveryKey(), budget));
        int toCommune = positive(PostcodeReference.distanceWithin(givenKey, entry.communeKey(), budget));
        return toCommune < toDelivery ? TextFolding.alphanumericKey(entry.communeName()) : entry.deliveryName();
    }

    /** Whether the town, as written or misspelt within the budget, is one the postcode serves. */
    private boolean serves(List<PostcodeEntry> entries, String townKey) {
        return exactWithin(entries, townKey) != null || uniqueWordPrefix(entries, townKey) != null
                || !nearestWithin(entries, townKey).isEmpty();
    }

    private static PostcodeEntry exactWithin(List<PostcodeEntry> entries, String townKey) {
        PostcodeEntry byCommune = null;
        for (PostcodeEntry entry : entries) {
            if (entry.deliveryKey().equals(townKey)) {
                return entry;
            }
            if (byCommune == null && entry.communeKey().equals(townKey)) {
                byCommune = entry;
            }
        }
        if (byCommune == null) {
            for (PostcodeEntry entry : entries) {
                // "Baux de Provence": the town written without its article
                if (PlaceNames.withoutLeadingArticle(entry.deliveryKey()).equals(townKey)) {
                    return entry;
                }
            }
        }
        return byCommune;
    }

    /** The one delivery name of the postcode whose first words are the given town ("BOULOGNE" for "BOULOGNE BILLANCOURT"), or null. */
    private static PostcodeEntry uniqueWordPrefix(List<PostcodeEntry> entries, String townKey) {
        PostcodeEntry found = null;
        String prefix = townKey + " ";
        for (PostcodeEntry entry : entries) {
            if (entry.deliveryKey().startsWith(prefix) || entry.communeKey().startsWith(prefix)) {
                if (found != null && !found.deliveryName().equals(entry.deliveryName())) {
                    return null;
                }
                if (found == null) {
                    found = entry;
                }
            }
        }
        return found;
    }

    /** Entries of a postcode whose delivery or commune name is nearest to the town key, within the edit budget. */
    private static List<PostcodeEntry> nearestWithin(List<PostcodeEntry> entries, String townKey) {
        int budget = PostcodeReference.maxEdits(townKey.length());
        if (budget == 0) {
            return List.of();
        }
        int best = budget + 1;
        List<PostcodeEntry> nearest = new ArrayList<>(2);
        for (PostcodeEntry entry : entries) {
            int d = Math.min(positive(PostcodeReference.distanceWithin(townKey, entry.deliveryKey(), budget)),
                    positive(PostcodeReference.distanceWithin(townKey, entry.communeKey(), budget)));
            if (d < best) {
                best = d;
                nearest.clear();
                nearest.add(entry);
            } else if (d == best && d <= budget) {
                nearest.add(entry);
            }
        }
        return nearest;
    }

    private static int positive(int distance) {
        return distance < 0 ? Integer.MAX_VALUE : distance;
    }

    private static int distinctDeliveryNames(List<PostcodeEntry> entries) {
        Set<String> names = new LinkedHashSet<>();
        for (PostcodeEntry entry : entries) {
            names.add(entry.deliveryName());
        }
        return names.size();
    }

    private static int distinctCommunes(List<PostcodeEntry> entries) {
        Set<String> codes = new LinkedHashSet<>();
        for (PostcodeEntry entry : entries) {
            codes.add(entry.inseeCode());
        }
        return codes.size();
    }

    private static String single(Set<String> values, java.util.function.Predicate<String> test) {
        String found = null;
        for (String value : values) {
            if (test.test(value)) {
                if (found != null) {
                    return null;
                }
                found = value;
            }
        }
        return found;
    }

    private static boolean differsByOneDigit(String a, String b) {
        if (a == null || b == null || a.length() != b.length()) {
            return false;
        }
        int differences = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                differences++;
            }
        }
        return differences == 1;
    }

    private String formatLine6(Resolution resolution, Location location, Findings findings) {
        String town = resolution.town;
        String cedex = location.cedex;
        String line = joinNonNull(resolution.postcode, joinNonNull(town, cedex));
        if (line == null) {
            return null;
        }
        if (line.length() > MAX) {
            int budget = town == null ? 0 : MAX - (line.length() - town.length());
            String shortened = joinNonNull(resolution.postcode, joinNonNull(town == null ? null : abbreviateWords(town, budget), cedex));
            findings.correct(CITY_FIELD, CorrectionCode.ABBREVIATED, "town words abbreviated to fit 38 characters", line, shortened);
            line = shortened;
            if (line.length() > MAX) {
                findings.flag(CITY_FIELD, FlagCode.TOO_LONG, "line 6 longer than 38 characters even abbreviated", location.townOriginal);
            }
        }
        return line;
    }

    // ---------------------------------------------------------------- small helpers

    /** BIS, TER, QUATER, QUINQUIES; or a single letter followed by a street type ("4 B RUE X", not "4 R DE LA PAIX"). */
    private boolean isRepetitionIndex(List<String> words, int index) {
        String word = words.get(index);
        if (REPETITION_WORDS.contains(word)) {
            return true;
        }
        return word.length() == 1 && Character.isLetter(word.charAt(0)) && index + 1 < words.size()
                && vocabulary.typeAt(words, index + 1) != null;
    }

    private static boolean isNumberWord(String word) {
        return !word.isEmpty() && word.length() <= 4 && isAllDigits(word);
    }

    private static boolean isPostcodeWord(String word) {
        return word.length() == 5 && isAllDigits(word);
    }

    private static boolean isOrdinalWord(String word) {
        int digits = 0;
        while (digits < word.length() && isDigit(word.charAt(digits))) {
            digits++;
        }
        return digits > 0 && ORDINAL_SUFFIXES.contains(word.substring(digits));
    }

    private static boolean isAllDigits(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (!isDigit(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String stripLeadingZeros(String number) {
        int i = 0;
        while (i < number.length() - 1 && number.charAt(i) == '0') {
            i++;
        }
        return number.substring(i);
    }

    private static boolean startsWithNumber(Piece piece) {
        List<String> words = piece.words;
        return !words.isEmpty() && (isNumberWord(words.get(0))
                || words.size() > 1 && (words.get(0).equals("N") || words.get(0).equals("NO")) && isNumberWord(words.get(1)));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean startsWith(List<String> words, String first, String second) {
        return words.size() >= 2 && words.get(0).equals(first) && words.get(1).equals(second);
    }

    private static int firstIndexOf(List<String> words, Set<String> set) {
        for (int i = 0; i < words.size(); i++) {
            if (set.contains(words.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new java.util.HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    private static String joinNonNull(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b == null || b.isEmpty() ? null : b;
        }
        return b == null || b.isEmpty() ? a : a + " " + b;
    }
}
