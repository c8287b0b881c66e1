package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses civility, first name and last name, from separate fields or from one {@code contact}
 * field, and proper-cases them.
 *
 * <p>Before any split, words that annotate a name rather than belong to it are taken out of the last-name and
 * contact fields, each change recorded (the first-name field only loses deceased and company markers):
 * <ul>
 *   <li>a birth or married name: {@code Dupont née Martin}, {@code Dupont (née Martin)} keep {@code Dupont};
 *       {@code Martin épouse Dupont}, {@code Martin ép. Dupont}, {@code Martin veuve Dupont} keep the married name
 *       {@code Dupont}. The other (birth) name is kept in a correction whose reason is {@link #BIRTH_NAME_KEPT};</li>
 *   <li>a widow marker before the name ({@code Vve Dupont}, {@code Mme veuve Dupont}, civility {@code Vve}):
 *       civility {@code MME};</li>
 *   <li>a generation suffix after the last name ({@code Dupont Jr}, {@code Dupont fils}, {@code Dupont père});</li>
 *   <li>a deceased marker ({@code décédé}, {@code DCD}), flagged {@link FlagCode#DECEASED}, and a company form
 *       ({@code SARL}, {@code SAS}, {@code EURL}, {@code SCI}, {@code Sté}, {@code Ets}...), flagged
 *       {@link FlagCode#COMPANY}.</li>
 * </ul>
 * A marker is only taken out when a name is left beside it: {@code Nee}, {@code Fils}, {@code Père} or {@code Sas}
 * alone stay surnames, and {@code Lefils} or {@code Fils-Aimé} are never markers.
 *
 * <p>Contact rules, in order:
 * <ol>
 *   <li>a short label before a colon is removed: {@code Nom : Delphine Pilliard}, {@code Contact : ...};</li>
 *   <li>a leading civility is taken out ({@code M.}, {@code Mme}, {@code Madame}...); a title without gender
 *       ({@code Dr}) or for several people ({@code M. et Mme}, {@code M. ou Mme}, {@code Mr et Mrs}) is flagged;</li>
 *   <li>a comma separates last name, then first name: {@code Pilliard, Delphine};</li>
 *   <li>in mixed case, the words written all in capitals are the last name: {@code PILLIARD Delphine};</li>
 *   <li>a single letter, with or without a dot, is a first-name initial: {@code D. Pilliard}, {@code D.pilliard};
 *       of a run of initials ({@code J. P. Dupont}, {@code J.-P. Dupont}, {@code J-P Dupont}) the first is the
 *       initial and the whole run is kept in a correction;</li>
 *   <li>a name starting with a particle ({@code M. Le Goff}, {@code Mme de la Fontaine}, {@code Da Silva})
 *       is all last name: no first name was given;</li>
 *   <li>otherwise first name then last name, the last name starting at a particle ({@code de}, {@code du},
 *       {@code Le}, {@code van}, {@code Mac}, {@code Saint}...) or being the last word: {@code Jean de La Fontaine},
 *       {@code Yann Le Goff}, {@code Ronald Mac Donald}. When the contact is all capitals or all lower case,
 *       that order is an assumption and is flagged {@link FlagCode#ASSUMED}.</li>
 * </ol>
 * Separate fields win over the contact field; the contact only fills what they leave empty. A first-name
 * field holding only a civility ({@code Mme}, {@code M.}) gives the civility, not a first name or an initial.
 *
 * <p>Proper case keeps accents and compound parts ({@code JEAN-PIERRE -> Jean-Pierre}), writes the
 * particles {@code de}, {@code d'}, {@code du}, {@code des}, {@code van}, {@code von}... in lower case
 * inside a name, and keeps the articles {@code Le}, {@code La}, {@code Les} capitalised ({@code Le Goff}).
 *
 * <p>Immutable and thread-safe.
 */
public final class NameParser {

    /**
     * Reason of the correction that keeps a birth name written beside the name in use ("Dupont née Martin",
     * "Martin épouse Dupont"): its {@link Correction#corrected()} value is the birth name, proper-cased.
     */
    public static final String BIRTH_NAME_KEPT =
            "birth name written beside the name in use (née, épouse, veuve): kept here, the last name is the name in use";

    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_LABEL_LENGTH = 30;
    private static final Set<String> PARTICLES = Set.of(
            "DE", "DU", "DES", "D", "VAN", "VON", "DER", "DEN", "DI", "DA", "DEL", "DELLA", "DOS", "DAS", "TEN", "TER", "Y");
    /** Words that start a compound last name ("Mac Donald", "Saint Pierre") although they are not particles. */
    private static final Set<String> COMPOUND_STARTS = Set.of("MAC", "MC", "SAINT", "ST", "SAINTE", "STE");
    private static final Set<String> SURNAME_STARTS = union(COMPOUND_STARTS,
            "DE", "DU", "DES", "D", "VAN", "VON", "DI", "DA", "DEL", "DELLA", "DOS", "DAS", "LE", "LA", "LES", "L");

    private static Set<String> union(Set<String> set, String... more) {
        Set<String> all = new java.util.HashSet<>(set);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** Parses a name given as separate fields and/or a contact field; any argument may be null. */
    public PersonName parse(String civility, String firstName, String lastName, String contact) {
        Findings findings = new Findings();
        Civility parsedCivility = parseCivility(civility, findings);
        boolean civilityKnown = parsedCivility != null;

        String first = cleanPart(firstName, ContactRecord.FIRST_NAME, findings);
        String last = cleanPart(lastName, ContactRecord.LAST_NAME, findings);
        String initial = null;
        Marked firstMarks = first == null ? null : takeMarkers(first, ContactRecord.FIRST_NAME, findings, firstName, Scope.FIRST_NAME);
        if (firstMarks != null) {
            first = firstMarks.text();
        }
        Marked lastMarks = last == null ? null : takeMarkers(last, ContactRecord.LAST_NAME, findings, lastName, Scope.LAST_NAME);
        if (lastMarks != null) {
            last = lastMarks.text();
            if (lastMarks.widow() && !civilityKnown) {
                parsedCivility = Civility.MME;
                civilityKnown = true;
            }
        }

        if (first != null && last == null && hasStrongSplitSignal(first)) {
            Parts parts = splitContact(first, ContactRecord.FIRST_NAME, findings);
            parsedCivility = civilityKnown ? parsedCivility : parts.civility;
            civilityKnown = parsedCivility != null;
            first = parts.first;
            initial = parts.initial;
            last = parts.last;
            recordSplit(firstName, ContactRecord.FIRST_NAME, parts, findings);
        } else if (last != null && first == null && hasStrongSplitSignal(last)) {
            Parts parts = splitContact(last, ContactRecord.LAST_NAME, findings);
            parsedCivility = civilityKnown ? parsedCivility : parts.civility;
            civilityKnown = parsedCivility != null;
            first = parts.first;
            initial = parts.initial;
            last = parts.last;
            recordSplit(lastName, ContactRecord.LAST_NAME, parts, findings);
        }

        if (first != null) {
            // the whole field a civility or a title ("Mme", "M.", "Dr"): at most four words, as a leading civility
            List<String> firstWords = tokens(first);
            String titleKey = firstWords.isEmpty() || firstWords.size() > 4 ? null : civilityKey(firstWords, firstWords.size());
            Civility alone = titleKey == null ? null : Civility.fromKey(titleKey);
            if (titleKey != null) {
                // "Mme" or "M." in the first-name field is the civility typed in the wrong column, not a
                // first name, and "M" must not become a false initial used in matching.
                if (alone == null) {
                    findings.flag(ContactRecord.FIRST_NAME, FlagCode.UNGENDERED_TITLE,
                            "first-name field held only a title without a single gender: first name left empty", firstName);
                } else {
                    if (!civilityKnown) {
                        parsedCivility = alone;
                        civilityKnown = true;
                    }
                    findings.correct(ContactRecord.FIRST_NAME, CorrectionCode.RESTRUCTURED,
                            "first-name field held only a civility: taken as the civility, first name left empty",
                            firstName, alone.label());
                }
                first = null;
            }
        }
        if (first != null) {
            Parts leading = takeLeadingCivility(tokens(first), ContactRecord.FIRST_NAME, findings, firstName);
            if (leading.civility != null && !civilityKnown) {
                parsedCivility = leading.civility;
                civilityKnown = true;
            }
            first = leading.first;
            if (first != null && isInitials(first)) {
                initial = initialOfRun(first, ContactRecord.FIRST_NAME, findings, firstName);
                first = null;
            }
        }

        if (last != null) {
            Parts leading = takeLeadingCivility(tokens(last), ContactRecord.LAST_NAME, findings, lastName);
            if (leading.civility != null && !civilityKnown) {
                parsedCivility = leading.civility;
                civilityKnown = true;
            }
            last = leading.first;
        }
        last = applyOtherName(lastMarks, last, ContactRecord.LAST_NAME, findings, lastName);

        if (first == null && initial == null || last == null) {
            String contactText = cleanPart(contact, ContactRecord.CONTACT, findings);
            Marked contactMarks = contactText == null ? null
                    : takeMarkers(contactText, ContactRecord.CONTACT, findings, contact, Scope.CONTACT);
            if (contactMarks != null) {
                contactText = contactMarks.text();
                if (contactMarks.widow() && !civilityKnown) {
                    parsedCivility = Civility.MME;
                    civilityKnown = true;
                }
            }
            if (contactText != null) {
                Parts parts = splitContact(contactText, ContactRecord.CONTACT, findings);
                if (!civilityKnown && parts.civility != null) {
                    parsedCivility = parts.civility;
                    civilityKnown = true;
                }
                if (first == null && initial == null) {
                    first = parts.first;
                    initial = parts.initial;
                    if (first != null || initial != null) {
                        findings.correct(ContactRecord.FIRST_NAME, CorrectionCode.RESTRUCTURED,
                                "first name taken from the contact field", contact, first != null ? first : initial);
                    }
                }
                String contactLast = last != null ? null
                        : applyOtherName(contactMarks, parts.last, ContactRecord.LAST_NAME, findings, contact);
                if (contactLast != null) {
                    last = contactLast;
                    findings.correct(ContactRecord.LAST_NAME, CorrectionCode.RESTRUCTURED,
                            "last name taken from the contact field", contact, last);
                }
            }
        }

        if (last == null && (first != null || initial != null)) {
            findings.flag(ContactRecord.LAST_NAME, FlagCode.INCOMPLETE, "no last name found", lastName);
        }
        String properFirst = first == null ? null : properCase(first, false);
        String properLast = last == null ? null : properCase(last, true);
        recordCasing(ContactRecord.FIRST_NAME, first, properFirst, findings);
        recordCasing(ContactRecord.LAST_NAME, last, properLast, findings);
        if (properFirst != null) {
            initial = initialOf(properFirst);
        }
        String firstKey = TextFolding.letterKey(properFirst);
        String lastKey = TextFolding.letterKey(properLast);
        return new PersonName(parsedCivility, properFirst, initial, properLast, firstKey, lastKey,
                FrenchPhoneticKey.ofWords(firstKey), FrenchPhoneticKey.ofWhole(lastKey),
                findings.corrections(), findings.flags());
    }

    // ---- markers: words that annotate a name rather than belong to it ----

    /** What a marker word says. */
    private enum Marker {
        /** "née", "né": the name after it is the birth name; the one before it is the name in use. */
        BIRTH_NAME,
        /** "épouse", "ép.", "epse", "époux": the name after it is the married name, the one in use. */
        MARRIED_NAME,
        /** "veuve", "Vve": before the name, a widow (civility MME); between two names, read as "épouse". */
        WIDOW,
        /** "Jr", "Sr", "fils", "père" after the last name: a generation, not part of the name. */
        GENERATION,
        /** "décédé", "décédée", "DCD". */
        DECEASED,
        /** "SARL", "SAS", "EURL", "SCI", "Sté", "Société", "Ets", "Établissements"... */
        COMPANY
    }

    /** Where the marker pass runs: the first-name field only loses deceased and company markers. */
    private enum Scope { FIRST_NAME, LAST_NAME, CONTACT }

    /** Marker keys (see {@link #markerKey}) in ascending order, and what each one means. */
    private static final long[] MARKER_KEYS;
    private static final Marker[] MARKER_KINDS;

    static {
        Object[][] words = {
                {"NEE", Marker.BIRTH_NAME}, {"NE", Marker.BIRTH_NAME},
                {"EPOUSE", Marker.MARRIED_NAME}, {"EP", Marker.MARRIED_NAME}, {"EPSE", Marker.MARRIED_NAME},
                {"EPOUX", Marker.MARRIED_NAME},
                {"VEUVE", Marker.WIDOW}, {"VVE", Marker.WIDOW},
                {"JR", Marker.GENERATION}, {"JUNIOR", Marker.GENERATION}, {"SR", Marker.GENERATION},
                {"SENIOR", Marker.GENERATION}, {"FILS", Marker.GENERATION}, {"PERE", Marker.GENERATION},
                {"DECEDE", Marker.DECEASED}, {"DECEDEE", Marker.DECEASED}, {"DCD", Marker.DECEASED},
                {"SARL", Marker.COMPANY}, {"SAS", Marker.COMPANY}, {"SASU", Marker.COMPANY}, {"EURL", Marker.COMPANY},
                {"SCI", Marker.COMPANY}, {"SNC", Marker.COMPANY}, {"STE", Marker.COMPANY}, {"SOCIETE", Marker.COMPANY},
                {"ETS", Marker.COMPANY}, {"ETABLISSEMENT", Marker.COMPANY}, {"ETABLISSEMENTS", Marker.COMPANY},
        };
        long[][] pairs = new long[words.length][];
        for (int i = 0; i < words.length; i++) {
            pairs[i] = new long[]{markerKey((String) words[i][0], 0, ((String) words[i][0]).length()), i};
        }
        java.util.Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        MARKER_KEYS = new long[pairs.length];
        MARKER_KINDS = new Marker[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            MARKER_KEYS[i] = pairs[i][0];
            MARKER_KINDS[i] = (Marker) words[(int) pairs[i][1]][1];
        }
    }

    private static final int MAX_MARKER_LETTERS = 14;
    private static final int PACKED_LETTERS = 12;

    /**
     * A key for the word in {@code text[start, end)}, computed without allocating because it runs on every word of
     * every name: up to 12 letters folded to A-Z (5 bits each) and the letter count, or -1 when the word cannot be a
     * marker (a hyphen, an apostrophe, a digit, a letter other than an E with an accent, or more than 14 letters).
     * Dots, brackets and commas around a marker ("ép.", "(née", "(décédé)") are skipped. Only "Établissement" and
     * "Établissements" have more than 12 letters, and the count keeps them apart.
     */
    private static long markerKey(CharSequence text, int start, int end) {
        long key = 0;
        int letters = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            int letter;
            if (c >= 'a' && c <= 'z') {
                letter = c - 'a';
            } else if (c >= 'A' && c <= 'Z') {
                letter = c - 'A';
            } else if (c == 'é' || c == 'è' || c == 'ê' || c == 'É' || c == 'È' || c == 'Ê') {
                letter = 'E' - 'A';
            } else if (c == '.' || c == '(' || c == ')' || c == ',') {
                continue;
            } else {
                return -1;
            }
            if (++letters > MAX_MARKER_LETTERS) {
                return -1;
            }
            if (letters <= PACKED_LETTERS) {
                key = key << 5 | (letter + 1);
            }
        }
        return letters < 2 ? -1 : key << 4 | letters;
    }

    private static Marker markerOf(String word) {
        long key = markerKey(word, 0, word.length());
        if (key == -1) {
            return null;
        }
        int index = java.util.Arrays.binarySearch(MARKER_KEYS, key);
        return index < 0 ? null : MARKER_KINDS[index];
    }

    /** The fast path: whether any space-separated word of the text is a marker. Allocates nothing. */
    private static boolean hasMarker(String text) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || TextFolding.isSpace(text.charAt(i));
            if (!space) {
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (start >= 0 && i - start <= 2 * MAX_MARKER_LETTERS) {
                long key = markerKey(text, start, i);
                if (key != -1 && java.util.Arrays.binarySearch(MARKER_KEYS, key) >= 0) {
                    return true;
                }
            }
            start = -1;
        }
        return false;
    }

    /**
     * What the marker pass took out of one field.
     *
     * @param text       the field's text without its markers, or null when nothing of a name is left
     * @param otherName  the birth or married name written beside the name in use, or null
     * @param otherInUse whether {@code otherName} is the name in use ("Martin épouse Dupont"), the text then holding
     *                   the birth name
     * @param widow      a widow marker was found: the person is a woman
     */
    private record Marked(String text, String otherName, boolean otherInUse, boolean widow) {
    }

    /**
     * Takes the markers out of one field's text, recording each one; null when the text holds none (the usual case,
     * decided by {@link #hasMarker} without allocating). A marker is removed only when a name is left beside it, so
     * that a surname spelled like one ("Père", "Fils", "Nee", "Sas") stays whole; hyphenated or glued surnames
     * ("Fils-Aimé", "Lefils") are single words that are never markers.
     */
    private static Marked takeMarkers(String text, String field, Findings findings, String original, Scope scope) {
        if (!hasMarker(text)) {
            return null;
        }
        List<String> words = tokens(text);
        List<Marker> kinds = new ArrayList<>(words.size());
        for (String word : words) {
            kinds.add(markerOf(word));
        }

        // Deceased and company markers, anywhere: never part of a person's name. "Ste" without an accent is
        // "Sainte" inside a name ("Marie Ste Croix") and the company only in front, where Civility already read it
        // as a non-personal title.
        boolean deceased = false;
        boolean company = false;
        for (int i = words.size() - 1; i >= 0 && words.size() > 1; i--) {
            Marker kind = kinds.get(i);
            boolean sainte = kind == Marker.COMPANY && i > 0 && TextFolding.letterKey(words.get(i)).equals("STE")
                    && words.get(i).indexOf('é') < 0 && words.get(i).indexOf('É') < 0;
            if (kind == Marker.DECEASED || kind == Marker.COMPANY && !sainte) {
                deceased |= kind == Marker.DECEASED;
                company |= kind == Marker.COMPANY;
                words.remove(i);
                kinds.remove(i);
            }
        }
        if (words.size() == 1 && kinds.get(0) == Marker.DECEASED) {
            // "DCD" alone is no surname: the field held only the marker
            deceased = true;
            words.clear();
        }
        if (deceased) {
            findings.flag(field, FlagCode.DECEASED, "deceased marker in the name: taken out, the person must not be contacted", original);
        }
        if (company) {
            findings.flag(field, FlagCode.COMPANY, "company form where a person's name was expected: taken out, not a person", original);
        }
        // in a company's name, "fils" or "née" belong to the trade name ("Dupont et Fils"): nothing more is read
        if (scope == Scope.FIRST_NAME || company || words.isEmpty()) {
            return new Marked(trimToName(join(words, 0, words.size())), null, false, false);
        }

        int civilitySpan = civilitySpan(words);
        boolean widow = false;
        if (civilitySpan < words.size() - 1 && kinds.get(civilitySpan) == Marker.WIDOW) {
            // "Vve Dupont", "Mme veuve Dupont": a widow, so civility MME; the marker is not part of the name
            findings.correct(field, CorrectionCode.RESTRUCTURED, "widow marker taken out of the name: civility MME",
                    original, Civility.MME.label());
            words.remove(civilitySpan);
            kinds.remove(civilitySpan);
            widow = true;
        }

        String otherName = null;
        boolean otherInUse = false;
        for (int k = civilitySpan + 1; k < words.size() - 1; k++) {
            Marker kind = kinds.get(k);
            if (kind != Marker.BIRTH_NAME && kind != Marker.MARRIED_NAME && kind != Marker.WIDOW) {
                continue;
            }
            // French usage: "Dupont née Martin" is Mrs Dupont, born Martin; "Martin épouse Dupont" (or "ép.",
            // "veuve") is Mrs Martin by birth, married (or widowed) Dupont, and she is written to and is found in
            // her other records as Dupont. So the name in use, which becomes the last name and its phonetic key, is
            // the one before "née" and the one after "épouse"; the other one is kept in a correction.
            int end = k + 1;
            while (end < words.size() - 1 && !endsAnnotation(words.get(end))) {
                end++;
            }
            List<String> after = new ArrayList<>(words.subList(k + 1, end + 1));
            String separator = words.get(end).endsWith(",") ? ", " : " ";
            List<String> before = new ArrayList<>(words.subList(0, k));
            if (scope == Scope.CONTACT && after.size() > 1) {
                // "DUPONT née MARTIN Marie": the capitals tell the other name from a first name written after it
                Parts byCase = splitByCapitals(after, null);
                if (byCase != null && byCase.first != null) {
                    after = tokens(byCase.last);
                    before.add(byCase.first);
                }
            }
            String main = join(before, 0, before.size());
            String tail = join(words, end + 1, words.size());
            if (tail != null) {
                main = main + separator + tail;
            }
            otherName = trimToName(join(after, 0, after.size()));
            otherInUse = kind != Marker.BIRTH_NAME;
            words = tokens(main);
            kinds.clear();
            for (String word : words) {
                kinds.add(markerOf(word));
            }
            break;
        }

        int last = words.size() - 1;
        if (last > civilitySpan && kinds.get(last) == Marker.GENERATION
                && !SURNAME_STARTS.contains(TextFolding.letterKey(words.get(last - 1)))
                && isGenerationSuffix(words, last, civilitySpan, scope)) {
            String suffix = trimToName(words.get(last));
            words.remove(last);
            findings.correct(field, CorrectionCode.RESTRUCTURED,
                    "generation suffix (Jr, Sr, fils, père) after the last name: kept here, not in the name", original, suffix);
        }
        return new Marked(trimToName(join(words, 0, words.size())), otherName, otherInUse, widow);
    }

    /**
     * Whether the generation word at {@code index} (the last word) is a suffix rather than a surname. In the
     * last-name field it always is when a name precedes it. In a contact, "Jean Fils" may be a first name and the
     * surname Fils: the word is a suffix when two names precede it, when it is an abbreviation (Jr, Sr), or when it
     * is written in lower case after a capitalised name, as French writes "Dupont fils".
     */
    private static boolean isGenerationSuffix(List<String> words, int index, int civilitySpan, Scope scope) {
        if (scope == Scope.LAST_NAME || index - civilitySpan >= 2) {
            return true;
        }
        String word = words.get(index);
        String key = TextFolding.letterKey(word);
        if (key.equals("JR") || key.equals("SR")) {
            return true;
        }
        String previous = words.get(index - 1);
        return word.equals(word.toLowerCase(Locale.FRENCH)) && !previous.equals(previous.toLowerCase(Locale.FRENCH));
    }

    /** A word closing an annotation in brackets or before a comma: "Dupont (née Martin) Marie", "Dupont née Martin, Marie". */
    private static boolean endsAnnotation(String word) {
        return word.endsWith(")") || word.endsWith(",");
    }

    /** How many leading words form a civility or a title ("Mme", "M. et Mme"), 0 when none. */
    private static int civilitySpan(List<String> words) {
        for (int span = Math.min(4, words.size() - 1); span >= 1; span--) {
            if (civilityKey(words, span) != null) {
                return span;
            }
        }
        return 0;
    }

    /** The text without leading and trailing characters other than letters (a trailing dot is kept), or null. */
    private static String trimToName(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && !Character.isLetter(text.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(text.charAt(end - 1)) && text.charAt(end - 1) != '.') {
            end--;
        }
        return start == end ? null : text.substring(start, end);
    }

    /**
     * The last name once the other name of an annotation is known: the married name replaces a birth name written
     * before "épouse"; a birth name written after "née" is only recorded. Either way the name that is not kept as
     * the last name is kept in a correction (proper-cased), so that the audit and later matching can find it.
     */
    private static String applyOtherName(Marked marked, String parsedLast, String field, Findings findings, String original) {
        if (marked == null || marked.otherName() == null) {
            return parsedLast;
        }
        if (marked.otherInUse()) {
            if (parsedLast != null) {
                findings.correct(field, CorrectionCode.RESTRUCTURED, BIRTH_NAME_KEPT, original,
                        properCase(parsedLast, true));
            }
            return marked.otherName();
        }
        findings.correct(field, CorrectionCode.RESTRUCTURED, BIRTH_NAME_KEPT, original,
                properCase(marked.otherName(), true));
        return parsedLast;
    }

    /** Proper case of a first name ({@code lastName == false}) or last name. */
    public static String properCase(String name, boolean lastName) {
        if (name == null) {
            return null;
        }
        String text = TextFolding.collapseWhitespace(normalizeApostrophes(name));
        if (text.isEmpty()) {
            return text;
        }
        List<String> words = tokens(text);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (i > 0) {
                out.append(' ');
            }
            String key = TextFolding.letterKey(word);
            boolean inside = words.size() > 1 && i < words.size() - 1;
            if (inside && PARTICLES.contains(key) && (lastName || i > 0)) {
                out.append(word.toLowerCase(Locale.FRENCH));
            } else {
                capitalizeParts(word, lastName, out);
            }
        }
        return out.toString();
    }

    /** Lower case, then a capital at the start and after each hyphen or apostrophe; "d'" stays lower case in last names. */
    private static void capitalizeParts(String word, boolean lastName, StringBuilder out) {
        String lower = word.toLowerCase(Locale.FRENCH);
        boolean capitalizeNext = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (capitalizeNext && Character.isLetter(c)) {
                boolean elidedParticle = lastName && i == 0 && c == 'd' && lower.length() > 2 && lower.charAt(1) == '\'';
                out.append(elidedParticle ? c : Character.toTitleCase(c));
                capitalizeNext = false;
            } else {
                out.append(c);
            }
            if (c == '-' || c == '\'' || c == '.') {
                capitalizeNext = true;
            }
        }
    }

    private static Civility parseCivility(String raw, Findings findings) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String key = TextFolding.letterKey(raw);
        Civility civility = Civility.fromKey(key);
        if (civility != null) {
            if (!civility.label().equals(raw)) {
                findings.correct(ContactRecord.CIVILITY, CorrectionCode.CANONICALISED,
                        "civility mapped to its normalised form (M or MME)", raw, civility.label());
            }
            return civility;
        }
        if (key.equals("VVE") || key.equals("VEUVE") || (key.endsWith(" VVE") || key.endsWith(" VEUVE"))
                && Civility.fromKey(key.substring(0, key.lastIndexOf(' '))) == Civility.MME) {
            // a widow ("Vve", "Mme veuve") is a woman: the marker only says so
            findings.correct(ContactRecord.CIVILITY, CorrectionCode.CANONICALISED,
                    "widow marker read as the civility MME", raw, Civility.MME.label());
            return Civility.MME;
        }
        if (Civility.isUngenderedTitle(key)) {
            findings.flag(ContactRecord.CIVILITY, FlagCode.UNGENDERED_TITLE,
                    "title without a single gender: civility left empty", raw);
        } else {
            findings.flag(ContactRecord.CIVILITY, FlagCode.INVALID, "not a known civility: left empty", raw);
        }
        return null;
    }

    /** Trimmed, collapsed, apostrophes normalised, surrounding punctuation removed; null when empty or not a name. */
    private static String cleanPart(String raw, String field, Findings findings) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_NAME_LENGTH) {
            findings.flag(field, FlagCode.INVALID, "longer than " + MAX_NAME_LENGTH + " characters: not a name", raw);
            return null;
        }
        String core = trimToName(TextFolding.collapseWhitespace(normalizeApostrophes(raw)));
        if (core == null) {
            findings.flag(field, FlagCode.INVALID, "contains no letter", raw);
            return null;
        }
        for (int i = 0; i < core.length(); i++) {
            char c = core.charAt(i);
            if (Character.isDigit(c) || c == '@' || c == '_' || c == '#' || c == '*' || c == '=' || c == '+') {
                findings.flag(field, FlagCode.INVALID, "contains digits or symbols: kept as given", raw);
                break;
            }
        }
        return core;
    }

    private static String normalizeApostrophes(String text) {
        if (text.indexOf('\u2019') < 0 && text.indexOf('\u2018') < 0 && text.indexOf('`') < 0 && text.indexOf('\u00B4') < 0) {
            return text;
        }
        return text.replace('\u2019', '\'').replace('\u2018', '\'').replace('`', '\'').replace('\u00B4', '\'');
    }

    /** A comma, a label with a colon, a leading civility, or capitals mixed with lower case. */
    private static boolean hasStrongSplitSignal(String text) {
        if (text.indexOf(',') >= 0 || labelEnd(text) > 0) {
            return true;
        }
        List<String> words = tokens(text);
        if (words.size() < 2) {
            return false;
        }
        if (civilityKey(words, 0) != null) {
            return true;
        }
        int upper = 0;
        int other = 0;
        for (String word : words) {
            if (isUpperWord(word)) {
                upper++;
            } else if (!PARTICLES.contains(TextFolding.letterKey(word))) {
                other++;
            }
        }
        return upper > 0 && other > 0;
    }

    /** Splits one free-text contact into civility, first name or initial, and last name. */
    private static Parts splitContact(String text, String field, Findings findings) {
        String rest = text;
        int label = labelEnd(rest);
        if (label > 0) {
            String stripped = rest.substring(label).strip();
            findings.correct(field, CorrectionCode.NOISE_REMOVED, "label before the name removed", text, stripped);
            rest = stripped;
        }
        int comma = rest.indexOf(',');
        if (comma >= 0) {
            Parts lastPart = takeLeadingCivility(tokens(rest.substring(0, comma)), field, findings, text);
            Parts firstPart = takeLeadingCivility(tokens(rest.substring(comma + 1)), field, findings, text);
            String last = lastPart.first;
            String first = firstPart.first;
            Civility civility = lastPart.civility != null ? lastPart.civility : firstPart.civility;
            if (first != null && isInitials(first)) {
                return new Parts(civility, null, initialOfRun(first, field, findings, text), last);
            }
            return new Parts(civility, first, null, last);
        }
        Parts leading = takeLeadingCivility(splitGluedInitials(tokens(rest)), field, findings, text);
        if (leading.first == null) {
            return leading;
        }
        List<String> words = tokens(leading.first);
        if (words.size() == 1) {
            String only = words.get(0);
            return isInitials(only) ? new Parts(leading.civility, null, initialOfRun(only, field, findings, text), null)
                    : new Parts(leading.civility, null, null, only);
        }
        // a run of initials before or after the last name ("J. P. Dupont", "Dupont J. P."): checking only the
        // first word left "P. Dupont" as the last name, which also spoiled its phonetic key
        int lead = 0;
        while (lead < words.size() && isInitials(words.get(lead))) {
            lead++;
        }
        if (lead == words.size()) {
            return new Parts(leading.civility, null, initialOfRun(leading.first, field, findings, text), null);
        }
        if (lead > 0) {
            return new Parts(leading.civility, null, initialOfRun(join(words, 0, lead), field, findings, text),
                    join(words, lead, words.size()));
        }
        int trail = words.size();
        while (trail > 1 && isInitials(words.get(trail - 1))) {
            trail--;
        }
        if (trail < words.size()) {
            return new Parts(leading.civility, null, initialOfRun(join(words, trail, words.size()), field, findings, text),
                    join(words, 0, trail));
        }
        Parts byCase = splitByCapitals(words, leading.civility);
        if (byCase != null) {
            return byCase;
        }
        if (SURNAME_STARTS.contains(TextFolding.letterKey(words.get(0)))) {
            // "M. Le Goff", "Mme de la Fontaine", "Da Silva": a particle cannot be a first name, so the
            // last name starts here and no first name was given. Words left after the particles and the
            // next word may be a first name written after the last name ("Da Silva Maria"): not guessed.
            int core = 0;
            while (core < words.size() - 1 && SURNAME_STARTS.contains(TextFolding.letterKey(words.get(core)))) {
                core++;
            }
            if (core < words.size() - 1) {
                findings.flag(field, FlagCode.ASSUMED,
                        "name starting with a particle: every word taken as the last name", text);
            }
            return new Parts(leading.civility, null, null, join(words, 0, words.size()));
        }
        if (isSingleCase(leading.first)) {
            findings.flag(field, FlagCode.ASSUMED,
                    "no case or comma to tell names apart: first name then last name order assumed", text);
        }
        int surnameStart = words.size() - 1;
        for (int i = 1; i < words.size() - 1; i++) {
            if (SURNAME_STARTS.contains(TextFolding.letterKey(words.get(i)))) {
                surnameStart = i;
                break;
            }
        }
        return new Parts(leading.civility, join(words, 0, surnameStart), null, join(words, surnameStart, words.size()));
    }

    /** In mixed case, the first run of all-capital words (with the particles just before it) is the last name. */
    private static Parts splitByCapitals(List<String> words, Civility civility) {
        int runStart = -1;
        int runEnd = -1;
        boolean hasOther = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (isUpperWord(word)) {
                if (runStart < 0) {
                    runStart = i;
                    runEnd = i + 1;
                } else if (runEnd == i) {
                    runEnd = i + 1;
                }
            } else if (!PARTICLES.contains(TextFolding.letterKey(word)) || !word.equals(word.toLowerCase(Locale.FRENCH))) {
                hasOther = true;
            }
        }
        if (runStart < 0 || !hasOther) {
            return null;
        }
        while (runStart > 0 && (PARTICLES.contains(TextFolding.letterKey(words.get(runStart - 1)))
                && words.get(runStart - 1).equals(words.get(runStart - 1).toLowerCase(Locale.FRENCH))
                || COMPOUND_STARTS.contains(TextFolding.letterKey(words.get(runStart - 1))))) {
            runStart--;
        }
        List<String> firstWords = new ArrayList<>(words.size());
        firstWords.addAll(words.subList(0, runStart));
        firstWords.addAll(words.subList(runEnd, words.size()));
        String last = join(words, runStart, runEnd);
        if (firstWords.isEmpty()) {
            return new Parts(civility, null, null, last);
        }
        String first = String.join(" ", firstWords);
        if (isInitials(first)) {
            return new Parts(civility, null, initialOf(first), last);
        }
        return new Parts(civility, first, null, last);
    }

    /** Takes a civility (or flags an ungendered title) at the start of the words; returns the remaining words as {@code first}. */
    private static Parts takeLeadingCivility(List<String> words, String field, Findings findings, String original) {
        if (words.isEmpty()) {
            return new Parts(null, null, null, null);
        }
        // Several words may all be the civility ("M. ou Mme", "M. et Mme" with no name after them); a
        // single word is not, so that a last name such as "Père" is not taken for a title.
        int longest = words.size() >= 2 && words.size() <= 4 ? words.size() : Math.min(4, words.size() - 1);
        for (int span = longest; span >= 1; span--) {
            String key = civilityKey(words, span);
            if (key == null) {
                continue;
            }
            String rest = join(words, span, words.size());
            Civility civility = Civility.fromKey(key);
            if (civility != null) {
                findings.correct(field, CorrectionCode.RESTRUCTURED, "civility taken out of the name", original, civility.label());
            } else {
                findings.flag(field, FlagCode.UNGENDERED_TITLE, "title without a single gender removed from the name", original);
            }
            return new Parts(civility, rest, null, null);
        }
        return new Parts(null, join(words, 0, words.size()), null, null);
    }

    /**
     * The civility or ungendered-title key of the first {@code span} words (0 means: any span up to 4),
     * or null. Single letters other than M are initials, not civilities.
     */
    private static String civilityKey(List<String> words, int span) {
        if (span == 0) {
            for (int s = Math.min(4, words.size() - 1); s >= 1; s--) {
                String key = civilityKey(words, s);
                if (key != null) {
                    return key;
                }
            }
            return null;
        }
        String key = TextFolding.letterKey(join(words, 0, span));
        if (key.equals("H") || key.equals("F") || key.equals("HOMME") || key.equals("FEMME")) {
            return null;
        }
        if (Civility.fromKey(key) != null || Civility.isUngenderedTitle(key)) {
            return key;
        }
        return null;
    }

    /** "D.pilliard" becomes "D." and "pilliard". */
    private static List<String> splitGluedInitials(List<String> words) {
        List<String> out = null;
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            int i = 0;
            while (i + 1 < word.length() && Character.isLetter(word.charAt(i)) && word.charAt(i + 1) == '.') {
                i += 2;
            }
            if (i > 0 && i < word.length() - 1 && Character.isLetter(word.charAt(i))) {
                if (out == null) {
                    out = new ArrayList<>(words.subList(0, w));
                }
                out.add(word.substring(0, i));
                out.add(word.substring(i));
            } else if (out != null) {
                out.add(word);
            }
        }
        return out == null ? words : out;
    }

    /**
     * "D", "D.", "J.-P.", "J.P.", "J-P", "J. P.": single letters, each kept apart from the next by a dot, a hyphen
     * or a space. Two letters side by side ("JP", "Jo") may be a short first name and are not taken as initials.
     */
    private static boolean isInitials(String text) {
        int letters = 0;
        boolean afterLetter = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                if (afterLetter) {
                    return false;
                }
                afterLetter = true;
                letters++;
            } else if (c == '.' || c == '-' || c == ' ') {
                afterLetter = false;
            } else {
                return false;
            }
        }
        return letters > 0;
    }

    /**
     * The initial of a run of initials. Only the first letter fits {@link PersonName#firstInitial()}; when the run
     * holds more ("J. P.", "J.-P."), the whole run is recorded so that the second initial stays in the audit.
     */
    private static String initialOfRun(String run, String field, Findings findings, String original) {
        String initial = initialOf(run);
        int letters = 0;
        for (int i = 0; i < run.length(); i++) {
            if (Character.isLetter(run.charAt(i))) {
                letters++;
            }
        }
        if (letters > 1) {
            findings.correct(field, CorrectionCode.RESTRUCTURED,
                    "several first-name initials: the first is kept as the initial, the whole run is kept here", original, run);
        }
        return initial;
    }

    private static String initialOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                String folded = TextFolding.letterKey(String.valueOf(c));
                return folded.isEmpty() ? String.valueOf(Character.toUpperCase(c)) : folded.substring(0, 1);
            }
        }
        return null;
    }

    /** At least two letters, all of them capitals. */
    private static boolean isUpperWord(String word) {
        int letters = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c)) {
                if (!Character.isUpperCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 2;
    }

    private static boolean isSingleCase(String text) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
        }
        return !(upper && lower);
    }

    /** End of a "Label :" prefix (index after the colon), or -1. */
    private static int labelEnd(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon > MAX_LABEL_LENGTH || colon == text.length() - 1) {
            return -1;
        }
        for (int i = 0; i < colon; i++) {
            char c = text.charAt(i);
            if (!(Character.isLetter(c) || c == ' ' || c == '\'' || c == '-' || c == '.' || c == '/')) {
                return -1;
            }
        }
        return colon + 1;
    }

    private static void recordSplit(String original, String field, Parts parts, Findings findings) {
        String reason = "one field held both names: split into first and last name";
        if (parts.first != null || parts.initial != null) {
            findings.correct(ContactRecord.FIRST_NAME, CorrectionCode.RESTRUCTURED, reason, original,
                    parts.first != null ? parts.first : parts.initial);
        }
        if (parts.last != null) {
            findings.correct(ContactRecord.LAST_NAME, CorrectionCode.RESTRUCTURED, reason, original, parts.last);
        }
    }

    private static void recordCasing(String field, String before, String after, Findings findings) {
        if (before != null && !before.equals(after)) {
            findings.correct(field, CorrectionCode.FORMATTED, "proper case", before, after);
        }
    }

    private static List<String> tokens(String text) {
        List<String> words = new ArrayList<>(4);
        int length = text.length();
        int start = -1;
        for (int i = 0; i <= length; i++) {
            boolean space = i == length || TextFolding.isSpace(text.charAt(i));
            if (space) {
                if (start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return words;
    }

    private static String join(List<String> words, int from, int to) {
        if (from >= to) {
            return null;
        }
        if (to - from == 1) {
            return words.get(from);
        }
        return String.join(" ", words.subList(from, to));
    }

    /** Intermediate result of a split. */
    private static final class Parts {
        final Civility civility;
        final String first;
        final String initial;
        final String last;

        Parts(Civility civility, String first, String initial, String last) {
            this.civility = civility;
            this.first = first;
            this.initial = initial;
            this.last = last;
        }
    }
}
