package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses civility, first name and last name, from separate fields or from one {@code contact}
 * field, and proper-cases them.
 *
 * <p>Contact rules, in order:
 * <ol>
 *   <li>a short label before a colon is removed: {@code Nom : Delphine Pilliard}, {@code Contact : ...};</li>
 *   <li>a leading civility is taken out ({@code M.}, {@code Mme}, {@code Madame}...); a title without gender
 *       ({@code Dr}) or for several people ({@code M. et Mme}, {@code M. ou Mme}, {@code Mr et Mrs}) is flagged;</li>
 *   <li>a comma separates last name, then first name: {@code Pilliard, Delphine};</li>
 *   <li>in mixed case, the words written all in capitals are the last name: {@code PILLIARD Delphine};</li>
 *   <li>a single letter, with or without a dot, is a first-name initial: {@code D. Pilliard}, {@code D.pilliard};</li>
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
                initial = initialOf(first);
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

        if (first == null && initial == null || last == null) {
            String contactText = cleanPart(contact, ContactRecord.CONTACT, findings);
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
                if (last == null && parts.last != null) {
                    last = parts.last;
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
        String text = TextFolding.collapseWhitespace(normalizeApostrophes(raw));
        int start = 0;
        int end = text.length();
        while (start < end && !Character.isLetter(text.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(text.charAt(end - 1)) && text.charAt(end - 1) != '.') {
            end--;
        }
        if (start == end) {
            findings.flag(field, FlagCode.INVALID, "contains no letter", raw);
            return null;
        }
        String core = text.substring(start, end);
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
                return new Parts(civility, null, initialOf(first), last);
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
            return isInitials(only) ? new Parts(leading.civility, null, initialOf(only), null)
                    : new Parts(leading.civility, null, null, only);
        }
        if (isInitials(words.get(0))) {
            return new Parts(leading.civility, null, initialOf(words.get(0)), join(words, 1, words.size()));
        }
        if (isInitials(words.get(words.size() - 1))) {
            return new Parts(leading.civility, null, initialOf(words.get(words.size() - 1)), join(words, 0, words.size() - 1));
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

    /** "D", "D.", "J.-P.", "JP." : one or two single letters with dots or hyphens. */
    private static boolean isInitials(String text) {
        int letters = 0;
        boolean punctuation = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
            } else if (c == '.' || c == '-' || c == ' ') {
                punctuation |= c == '.';
            } else {
                return false;
            }
        }
        return letters == 1 || letters == 2 && punctuation && text.length() <= 6 && text.indexOf('.') == 1;
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
