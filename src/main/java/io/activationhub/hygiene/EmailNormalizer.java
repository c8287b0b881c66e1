package io.activationhub.hygiene;

import java.net.IDN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalises email addresses: trim, unwrap ({@code mailto:}, {@code Name <address>}), lower case,
 * syntax check, and domain typo correction.
 *
 * <p>Syntax: a practical subset of RFC 5322 that email routers accept: an unquoted dot-atom local
 * part of at most 64 characters (letters, digits and {@code !#$%&'*+/=?^_`{|}~-}, dots not first,
 * last or doubled), and a host name with at least one dot, labels of letters, digits and inner
 * hyphens, and a top-level domain of two letters or more (or an IDN {@code xn--} label).
 * Quoted local parts, IP literals and non-ASCII local parts are rejected as {@link FlagCode#INVALID}.
 * A non-ASCII domain is converted to its ASCII (punycode) form.
 *
 * <p>Typos: first the curated map {@code hygiene/email-domain-typos.csv} (which also maps domains that
 * do not exist to the real one: Gmail is only {@code gmail.com}, so {@code gmail.fr} becomes it); then a
 * domain whose name (the part before its ending, {@code .fr}, {@code .co.uk}) is one edit away from the
 * name of exactly one popular domain of {@code hygiene/email-popular-domains.txt} with the same ending
 * and a name of five letters or more. One edit is one letter added, removed or replaced, or two
 * neighbouring letters swapped ({@code oragne.fr}): optimal string alignment distance. The ending is
 * never changed by this fuzzy step: {@code hotmail.de} is a real domain, not a typo of {@code hotmail.be}.
 * Two candidates are flagged {@link FlagCode#AMBIGUOUS} and nothing is changed. The original value is
 * kept in the correction.
 *
 * <p>Placeholders typed to get past a mandatory field ({@code x@x.fr}, {@code test@test.com},
 * {@code pasdemail@gmail.com}, {@code nomail@nomail.com}, {@code néant@...}) are flagged INVALID: kept,
 * they would receive mail meant for nobody and link unrelated customers as "same email".
 *
 * <p>Immutable and thread-safe.
 */
public final class EmailNormalizer {

    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_ADDRESS_LENGTH = 254;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int MIN_FUZZY_NAME_LENGTH = 5;
    private static final String FIELD = ContactRecord.EMAIL;

    private final Map<String, String> typos;
    private final Set<String> popularDomains;
    private final List<String> fuzzyTargets;

    /**
     * Local parts (and domain names) that say "no email", compared as letter keys with the separators
     * removed: {@code pas.de.mail}, {@code pas_de_mail} and {@code PasDeMail} are one entry, and digits
     * are ignored ({@code test123}).
     */
    private static final Set<String> PLACEHOLDER_LOCAL_PARTS = Set.of(
            "X", "XX", "XXX", "XXXX", "XXXXX", "TEST", "NOMAIL", "NOEMAIL", "NOMAILS", "PASDEMAIL", "PASDEEMAIL",
            "PASDEMAILS", "PASMAIL", "PASEMAIL", "SANSMAIL", "SANSEMAIL", "AUCUN", "AUCUNE", "AUCUNMAIL", "AUCUNEMAIL",
            "AUCUNEADRESSE", "NO", "NON", "NONE", "NEANT", "NEAN", "INCONNU", "INCONNUE", "NC", "NR");
    private static final Set<String> PLACEHOLDER_DOMAIN_NAMES = Set.of(
            "X", "XX", "XXX", "XXXX", "TEST", "NOMAIL", "NOEMAIL", "PASDEMAIL", "PASMAIL", "SANSMAIL", "AUCUN",
            "AUCUNE", "NEANT", "NONE", "INCONNU");

    /** A normaliser using the curated typo map and popular domain list shipped as resources. */
    public EmailNormalizer() {
        this(loadTypos(), loadPopularDomains());
    }

    /** A normaliser with a custom typo map (typo to domain) and popular domain list. */
    public EmailNormalizer(Map<String, String> typos, Set<String> popularDomains) {
        this.typos = Map.copyOf(typos);
        this.popularDomains = Set.copyOf(popularDomains);
        List<String> targets = new ArrayList<>();
        for (String domain : popularDomains) {
            int dot = domain.indexOf('.');
            if (dot >= MIN_FUZZY_NAME_LENGTH && dot < domain.length() - 1) {
                targets.add(domain);
            }
        }
        targets.sort(null);
        this.fuzzyTargets = List.copyOf(targets);
    }

    /** Between two addresses typed in one field: a separator, a spaced "ou"/"et"/"or"/"and", or spaces. */
    private static final java.util.regex.Pattern BETWEEN_ADDRESSES =
            java.util.regex.Pattern.compile("[\\s\u00A0\u202F]*[;,|/][\\s\u00A0\u202F]*"
                    + "|[\\s\u00A0\u202F]+(?:(?i:ou|et|or|and)[\\s\u00A0\u202F]+)?");

    /** Normalises one address. */
    public CleanEmail normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return new CleanEmail(raw, null, List.of(), List.of());
        }
        if (raw.indexOf('@') != raw.lastIndexOf('@')) {
            List<String> several = severalAddresses(raw);
            if (several != null) {
                return firstOfSeveral(raw, several);
            }
        }
        return normalizeOne(raw);
    }

    /**
     * The addresses of a field holding more than one ({@code a@x.fr; b@y.fr}, {@code a@x.fr ou b@y.fr}), each with
     * its own {@code @}; null when the field holds one (an address with a doubled {@code @} is one address).
     */
    private static List<String> severalAddresses(String raw) {
        List<String> addresses = new ArrayList<>(2);
        for (String part : BETWEEN_ADDRESSES.split(raw.strip())) {
            if (part.indexOf('@') >= 0) {
                addresses.add(part);
            }
        }
        return addresses.size() > 1 ? addresses : null;
    }

    /**
     * A field with several addresses: the first valid one is the email, and every other one is kept in an
     * {@link FlagCode#EXTRA_VALUE} flag (the clean record has one email). Refusing them all, as a single invalid
     * address, lost a reachable address; taking a later one would override the order the person wrote them in.
     */
    private CleanEmail firstOfSeveral(String raw, List<String> addresses) {
        Findings findings = new Findings();
        CleanEmail kept = null;
        for (String address : addresses) {
            CleanEmail one = normalizeOne(address);
            if (kept == null && one.isValid()) {
                kept = one;
                findings.correct(FIELD, CorrectionCode.RESTRUCTURED, addresses.size()
                        + " addresses in one field: the first valid one is the email, the others are kept aside",
                        raw, one.address());
                findings.addAll(one.corrections(), one.flags());
            } else if (kept != null && kept.address().equals(one.address())) {
                findings.correct(FIELD, CorrectionCode.DUPLICATE_REMOVED, "the same address given twice", address,
                        kept.address());
            } else if (one.isValid()) {
                findings.flag(FIELD, FlagCode.EXTRA_VALUE, "another address in the same field, not used as the email",
                        one.address());
            } else {
                findings.flag(FIELD, FlagCode.EXTRA_VALUE, "another address in the same field, invalid: not used",
                        address);
            }
        }
        if (kept == null) {
            return invalid(raw, new Findings(), "several addresses in one field, none valid");
        }
        return new CleanEmail(raw, kept.address(), findings.corrections(), findings.flags());
    }

    private CleanEmail normalizeOne(String raw) {
        Findings findings = new Findings();
        if (raw.length() > 4 * MAX_ADDRESS_LENGTH) {
            return invalid(raw, findings, "far longer than the 254 characters an address may have");
        }
        String value = unwrap(raw, findings);
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals(value)) {
            findings.correct(FIELD, CorrectionCode.FORMATTED, "lower-cased", value, lower);
            value = lower;
        }
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return invalid(raw, findings, "no @ sign");
        }
        if (value.indexOf('@') != at) {
            String single = collapseDoubleAt(value);
            if (single == null) {
                return invalid(raw, findings, "more than one @ sign");
            }
            findings.correct(FIELD, CorrectionCode.TYPO_CORRECTED, "doubled @ sign reduced to one", value, single);
            value = single;
            at = value.indexOf('@');
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (isPlaceholder(local, domain)) {
            return invalid(raw, findings, "placeholder address (written instead of no email): not kept");
        }
        String localProblem = localPartProblem(local);
        if (localProblem != null) {
            return invalid(raw, findings, localProblem);
        }
        String fixedDomain = repairDomain(domain, value, local, findings);
        if (fixedDomain == null) {
            return invalid(raw, findings, "domain is not a valid host name with a dot");
        }
        String address = local + "@" + fixedDomain;
        if (address.length() > MAX_ADDRESS_LENGTH) {
            return invalid(raw, findings, "longer than 254 characters");
        }
        return new CleanEmail(raw, address, findings.corrections(), findings.flags());
    }

    private String unwrap(String raw, Findings findings) {
        String value = trimSpaces(raw);
        String unwrapped = value;
        int open = unwrapped.lastIndexOf('<');
        int close = unwrapped.lastIndexOf('>');
        if (open >= 0 && close > open) {
            unwrapped = trimSpaces(unwrapped.substring(open + 1, close));
        }
        if (unwrapped.regionMatches(true, 0, "mailto:", 0, 7)) {
            unwrapped = trimSpaces(unwrapped.substring(7));
        }
        unwrapped = stripQuotes(unwrapped);
        unwrapped = removeSpacesAroundAt(unwrapped);
        if (!unwrapped.equals(value)) {
            findings.correct(FIELD, CorrectionCode.NOISE_REMOVED, "display name, mailto:, quotes or spaces around the @ removed", raw, unwrapped);
        } else if (value.length() != raw.length()) {
            findings.correct(FIELD, CorrectionCode.FORMATTED, "surrounding white space trimmed", raw, value);
        }
        return unwrapped;
    }

    /**
     * Removes every kind of white space at both ends. {@link String#strip()} keeps the no-break spaces
     * (U+00A0, U+202F) that spreadsheet exports leave around a value, which then made the address invalid.
     */
    private static String trimSpaces(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && TextFolding.isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && TextFolding.isSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    /** An address that stands for "no email": placeholder local part, placeholder domain name, or both. */
    private static boolean isPlaceholder(String local, String domain) {
        if (PLACEHOLDER_LOCAL_PARTS.contains(TextFolding.letterKey(local).replace(" ", ""))) {
            return true;
        }
        int dot = domain.indexOf('.');
        String name = dot < 0 ? domain : domain.substring(0, dot);
        return PLACEHOLDER_DOMAIN_NAMES.contains(TextFolding.letterKey(name).replace(" ", ""));
    }

    /** "jean.dupont @ gmail.com" becomes "jean.dupont@gmail.com": white space is never part of an address next to its @. */
    private static String removeSpacesAroundAt(String value) {
        int at = value.indexOf('@');
        if (at < 0) {
            return value;
        }
        int before = at;
        while (before > 0 && TextFolding.isSpace(value.charAt(before - 1))) {
            before--;
        }
        int after = at + 1;
        while (after < value.length() && TextFolding.isSpace(value.charAt(after))) {
            after++;
        }
        return before == at && after == at + 1 ? value : value.substring(0, before) + "@" + value.substring(after);
    }

    /** Removes matching wrappers around the whole value: quotes, guillemets, brackets. */
    private static String stripQuotes(String value) {
        int start = 0;
        int end = value.length();
        while (end - start >= 2 && isWrapper(value.charAt(start)) && isWrapper(value.charAt(end - 1))) {
            start++;
            end--;
        }
        return start == 0 ? value : trimSpaces(value.substring(start, end));
    }

    private static boolean isWrapper(char c) {
        return c == '"' || c == '\'' || c == '«' || c == '»' || c == '“' || c == '”' || c == '(' || c == ')' || c == '[' || c == ']';
    }

    /** "a@@b.fr" becomes "a@b.fr"; any other repeated @ returns null. */
    private static String collapseDoubleAt(String value) {
        int first = value.indexOf('@');
        int last = value.lastIndexOf('@');
        for (int i = first; i <= last; i++) {
            if (value.charAt(i) != '@') {
                return null;
            }
        }
        return value.substring(0, first + 1) + value.substring(last + 1);
    }

    private static String localPartProblem(String local) {
        if (local.isEmpty()) {
            return "nothing before the @ sign";
        }
        if (local.length() > MAX_LOCAL_LENGTH) {
            return "part before the @ sign longer than 64 characters";
        }
        if (local.charAt(0) == '"') {
            return "quoted local part not accepted by email routers";
        }
        char previous = '.';
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                if (previous == '.') {
                    return "dot at the start or two dots in a row before the @ sign";
                }
            } else if (c > 127) {
                return "non-ASCII character before the @ sign (not accepted by most email routers)";
            } else if (!isAtomChar(c)) {
                return TextFolding.isSpace(c) ? "white space inside the address" : "character not allowed before the @ sign";
            }
            previous = c;
        }
        if (previous == '.') {
            return "dot just before the @ sign";
        }
        return null;
    }

    private static boolean isAtomChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
    }

    /** Fixes the domain (commas, trailing dot, IDN, typos) and validates it; null when invalid. */
    private String repairDomain(String domain, String value, String local, Findings findings) {
        String fixed = domain;
        if (fixed.indexOf(',') >= 0) {
            String withDots = fixed.replace(',', '.');
            findings.correct(FIELD, CorrectionCode.TYPO_CORRECTED, "comma in the domain replaced by a dot", value, local + "@" + withDots);
            fixed = withDots;
        }
        if (fixed.endsWith(".") && fixed.length() > 1) {
            String trimmed = fixed.substring(0, fixed.length() - 1);
            findings.correct(FIELD, CorrectionCode.TYPO_CORRECTED, "trailing dot after the domain removed", local + "@" + fixed, local + "@" + trimmed);
            fixed = trimmed;
        }
        if (!isAscii(fixed)) {
            String ascii;
            try {
                ascii = IDN.toASCII(fixed, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return null;
            }
            findings.correct(FIELD, CorrectionCode.FORMATTED, "internationalised domain written in its ASCII (punycode) form", local + "@" + fixed, local + "@" + ascii);
            fixed = ascii;
        }
        String corrected = typos.get(fixed);
        if (corrected != null) {
            findings.correct(FIELD, CorrectionCode.TYPO_CORRECTED, "known typo or non-existent form of a popular email domain",
                    local + "@" + fixed, local + "@" + corrected);
            return corrected;
        }
        if (!isHostName(fixed)) {
            return null;
        }
        if (popularDomains.contains(fixed)) {
            return fixed;
        }
        // Only the name before the ending is compared, with popular domains of the same ending: a valid
        // ending (hotmail.de, yahoo.gr) is never replaced by a near one. Typos in the ending itself
        // (gmail.cm, orange.fe) are the curated map's job.
        int dot = fixed.indexOf('.');
        String name = fixed.substring(0, dot);
        String ending = fixed.substring(dot);
        String nearest = null;
        int candidates = 0;
        for (String target : fuzzyTargets) {
            int lengthGap = target.length() - fixed.length();
            if (lengthGap > 1 || lengthGap < -1 || !target.endsWith(ending) || target.indexOf('.') != target.length() - ending.length()) {
                continue;
            }
            if (osaDistance(name, target.substring(0, target.length() - ending.length())) == 1) {
                candidates++;
                nearest = target;
            }
        }
        if (candidates == 1) {
            findings.correct(FIELD, CorrectionCode.TYPO_CORRECTED, "one letter away from a single popular email domain",
                    local + "@" + fixed, local + "@" + nearest);
            return nearest;
        }
        if (candidates > 1) {
            findings.flag(FIELD, FlagCode.AMBIGUOUS, "one letter away from several popular email domains: left as given", value);
        }
        return fixed;
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions, and swaps of two
     * neighbouring letters each count as one edit ({@code gmial} is one edit from {@code gmail}, where
     * Levenshtein counts two). Only called on short domain names.
     */
    static int osaDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /** Labels of letters, digits and inner hyphens, at least two labels, alphabetic TLD of two letters or more. */
    private static boolean isHostName(String domain) {
        if (domain.isEmpty() || domain.length() > 253) {
            return false;
        }
        int labelStart = 0;
        int labels = 0;
        for (int i = 0; i <= domain.length(); i++) {
            if (i == domain.length() || domain.charAt(i) == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0 || labelLength > MAX_LABEL_LENGTH
                        || domain.charAt(labelStart) == '-' || domain.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i == domain.length()) {
                    return labels >= 2 && isTopLevelDomain(domain, labelStart, i);
                }
                labelStart = i + 1;
                continue;
            }
            char c = domain.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return false;
    }

    private static boolean isTopLevelDomain(String domain, int start, int end) {
        if (domain.startsWith("xn--", start)) {
            return end - start > 4;
        }
        if (end - start < 2) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = domain.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static CleanEmail invalid(String raw, Findings findings, String reason) {
        findings.flag(FIELD, FlagCode.INVALID, reason, raw);
        return new CleanEmail(raw, null, findings.corrections(), findings.flags());
    }

    private static Map<String, String> loadTypos() {
        Map<String, String> typos = new HashMap<>();
        for (String line : HygieneResources.dataLines("email-domain-typos.csv", true)) {
            String[] fields = HygieneResources.fields(line, 2);
            typos.put(fields[0].strip().toLowerCase(Locale.ROOT), fields[1].strip().toLowerCase(Locale.ROOT));
        }
        return typos;
    }

    private static Set<String> loadPopularDomains() {
        return new HashSet<>(HygieneResources.dataLines("email-popular-domains.txt", false));
    }
}
