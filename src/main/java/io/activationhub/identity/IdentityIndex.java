package io.activationhub.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves person records into people, incrementally: each batch is matched against everything already indexed and
 * against itself, without recomputing earlier batches.
 * <ul>
 *     <li>deterministic links: same card, same email, same mobile (a shared landline is not a link: households share it);</li>
 *     <li>probabilistic links (Fellegi–Sunter): candidates from several blocking passes, m/u estimated by EM on the
 *     batch's candidate pairs, a link when the posterior reaches the threshold;</li>
 *     <li>households: same street, number and postcode without being the same person;</li>
 *     <li>a person's id is its oldest record's id, so it stays stable as records join;</li>
 *     <li>every link is kept with its explanation, so {@link #unmerge} can detach a record and split what only it held together.</li>
 * </ul>
 * Not thread-safe: one resolver at a time.
 */
public final class IdentityIndex {

    private final MatchSettings settings;
    private MatchModel model;
    private final List<Comparable> records = new ArrayList<>();
    private final Map<String, Integer> byId = new HashMap<>();
    private final Map<String, int[]> blocks = new HashMap<>();
    private final Map<String, Integer> byCard = new HashMap<>();
    private final Map<String, Integer> byEmail = new HashMap<>();
    private final Map<String, Integer> byMobile = new HashMap<>();
    private final List<Link> links = new ArrayList<>();
    /** How many indexed records carry each folded first and last name, for term-frequency adjustment. */
    private final Map<String, int[]> nameFrequency = new HashMap<>();
    private final Set<Integer> detached = new HashSet<>();
    private int[] parent = new int[1024];
    private int[] household = new int[1024];
    private long skippedBlockPairs;

    private record Link(int a, int b, String rule, int pattern) {
    }

    /** What became of one record of a batch. */
    public record Resolution(String recordId, String personId, boolean joinedExisting, List<MatchExplanation> links) {
    }

    public IdentityIndex(MatchSettings settings, MatchModel model) {
        this.settings = settings;
        this.model = model;
    }

    public IdentityIndex() {
        this(MatchSettings.defaults(), MatchModel.defaults());
    }

    public List<Resolution> resolve(List<PersonRecord> batch) {
        int first = records.size();
        for (PersonRecord r : batch) {
            if (byId.containsKey(r.id())) {
                throw new IllegalArgumentException("record " + r.id() + " is already indexed");
            }
            int i = records.size();
            Comparable c = new Comparable(r);
            records.add(c);
            byId.put(r.id(), i);
            count("F" + c.first);
            count("L" + c.last);
            grow(i);
            parent[i] = i;
            household[i] = i;
        }
        // candidates: every new record against the block members seen before it
        long[] pairs = new long[Math.max(16, batch.size() * 4)];
        int n = 0;
        for (int i = first; i < records.size(); i++) {
            Comparable c = records.get(i);
            deterministic(i, c.record.cardNumber(), byCard, "same card");
            deterministic(i, c.record.email(), byEmail, "same email");
            deterministic(i, c.record.mobile(), byMobile, "same mobile");
            List<String> keys = blockingKeys(c);
            // and the key of its names the other way round: looked up, not stored (the other record stored it as
            // its own key)
            String swapped = swappedPostcodeKey(c);
            for (int q = 0, count = keys.size() + (swapped == null ? 0 : 1); q < count; q++) {
                boolean own = q < keys.size();
                String key = own ? keys.get(q) : swapped;
                int[] members = blocks.get(key);
                int size = members == null ? 0 : members[0];
                if (size >= settings.maxBlockSize()) {
                    if (own) {
                        skippedBlockPairs += size;
                    }
                    continue;
                }
                for (int k = 1; k <= size; k++) {
                    if (members[k] == i) {
                        continue;
                    }
                    if (n == pairs.length) {
                        pairs = Arrays.copyOf(pairs, pairs.length * 2);
                    }
                    pairs[n++] = ((long) members[k] << 32) | i;
                }
                if (own) {
                    blocks.put(key, append(members, i));
                }
            }
        }
        Arrays.sort(pairs, 0, n);
        int unique = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || pairs[k] != pairs[k - 1]) {
                pairs[unique++] = pairs[k];
            }
        }
        int[] patterns = new int[unique];
        Map<Integer, long[]> histogram = new HashMap<>();
        for (int k = 0; k < unique; k++) {
            int a = (int) (pairs[k] >>> 32);
            int b = (int) pairs[k];
            patterns[k] = MatchModel.pattern(records.get(a), records.get(b));
            histogram.computeIfAbsent(patterns[k], p -> new long[1])[0]++;
        }
        int[] ps = new int[histogram.size()];
        long[] counts = new long[histogram.size()];
        int h = 0;
        for (Map.Entry<Integer, long[]> e : histogram.entrySet()) {
            ps[h] = e.getKey();
            counts[h++] = e.getValue()[0];
        }
        if (records.size() >= 1000) {
            // u: how often fields agree by chance among the records indexed so far; m: the model's
            model = chanceAgreement();
        }
        for (int k = 0; k < unique; k++) {
            int a = (int) (pairs[k] >>> 32);
            int b = (int) pairs[k];
            if (detached.contains(a) || detached.contains(b) || find(parent, a) == find(parent, b)) {
                continue;
            }
            if (posterior(records.get(a), records.get(b), patterns[k]) >= settings.matchThreshold()
                    && !conflicting(records.get(a), records.get(b))) {
                addLink(new Link(a, b, "probabilistic", patterns[k]));
            } else if (sameHome(records.get(a), records.get(b))) {
                union(household, a, b);
            }
        }
        List<Resolution> out = new ArrayList<>(batch.size());
        for (int i = first; i < records.size(); i++) {
            int root = find(parent, i);
            out.add(new Resolution(records.get(i).record.id(), records.get(root).record.id(), root < first,
                    explain(i)));
        }
        return out;
    }

    /** The model with u measured on random pairs of indexed records (fixed seed: the same data gives the same model). */
    private MatchModel chanceAgreement() {
        java.util.Random rnd = new java.util.Random(records.size());
        int samples = Math.min(200_000, records.size() * 20);
        Map<Integer, long[]> histogram = new HashMap<>();
        for (int s = 0; s < samples; s++) {
            int a = rnd.nextInt(records.size());
            int b = rnd.nextInt(records.size());
            if (a != b) {
                histogram.computeIfAbsent(MatchModel.pattern(records.get(a), records.get(b)), p -> new long[1])[0]++;
            }
        }
        int[] ps = new int[histogram.size()];
        long[] counts = new long[histogram.size()];
        int h = 0;
        for (Map.Entry<Integer, long[]> e : histogram.entrySet()) {
            ps[h] = e.getKey();
            counts[h++] = e.getValue()[0];
        }
        return model.withChanceAgreement(ps, counts);
    }

    private void count(String key) {
        nameFrequency.computeIfAbsent(key, k -> new int[1])[0]++;
    }

    /**
     * Posterior with term-frequency adjustment: agreeing exactly on a name shared by many records is weaker evidence
     * than agreeing on a rare one, so the name's weight uses the share of records carrying it as its u.
     */
    private double posterior(Comparable a, Comparable b, int pattern) {
        double adjustment = 0;
        if (a.first != null && a.first.equals(b.first) && a.first.length() > 1) {
            adjustment += model.frequencyAdjustment(Field.FIRST_NAME, share("F" + a.first));
        }
        if (a.last != null && a.last.equals(b.last)) {
            adjustment += model.frequencyAdjustment(Field.LAST_NAME, share("L" + a.last));
        }
        return model.posterior(pattern, adjustment);
    }

    private double share(String key) {
        int[] n = nameFrequency.get(key);
        return n == null ? 1.0 / Math.max(1, records.size()) : (double) n[0] / records.size();
    }

    private void deterministic(int i, String value, Map<String, Integer> seen, String rule) {
        if (value == null || value.isBlank()) {
            return;
        }
        Integer j = seen.putIfAbsent(value, i);
        if (j != null && !detached.contains(i) && !detached.contains(j)) {
            // as reconciliation does: a card is decisive; an email or mobile shared by someone clearly else (a
            // family's address, a parent's mobile) stays with its first holder and the record is matched on the rest
            if (!rule.equals("same card") && clearlySomeoneElse(records.get(j), records.get(i))) {
                return;
            }
            addLink(new Link(j, i, rule, MatchModel.pattern(records.get(j), records.get(i))));
        }
    }

    /** {@link CandidateMatcher#clearlySomeoneElse}: another first name, a generation apart, or a man and a woman. */
    static boolean clearlySomeoneElse(Comparable a, Comparable b) {
        return Field.FIRST_NAME.level(a, b) == 3 || generationsApart(a, b) || differentSexes(a, b);
    }

    private void addLink(Link link) {
        links.add(link);
        union(parent, link.a(), link.b());
        union(household, link.a(), link.b());
    }

    /**
     * Clear evidence of two people: clearly different first names under one roof (a household); birth years a
     * generation apart, or a man and a woman, under one roof (a father and his son of the same name, Michel and
     * Michèle); or different birth dates and different
     * mobiles or emails, all present. Never for two records of one national identifier (where a source has one).
     */
    static boolean conflicting(Comparable a, Comparable b) {
        if (a.nationalId != null && a.nationalId.equals(b.nationalId)) {
            // one national identifier: the names or birth date that differ are typing, not another person
            return false;
        }
        if (Field.FIRST_NAME.level(a, b) == 3 && (sameHome(a, b) || sameStreetOneNumberMissing(a, b))) {
            return true;
        }
        if ((generationsApart(a, b) || differentSexes(a, b) || bornOnAnotherDay(a, b)) && sameHome(a, b)) {
            return true;
        }
        if (a.birth == null || b.birth == null || a.birth.equals(b.birth)) {
            return false;
        }
        PersonRecord x = a.record;
        PersonRecord y = b.record;
        boolean mobiles = x.mobile() != null && y.mobile() != null && !x.mobile().equals(y.mobile());
        boolean emails = x.email() != null && y.email() != null && !x.email().equals(y.email());
        return mobiles || emails;
    }

    /**
     * Birth years a generation apart (15 years or more) that differ in more than one digit: a parent and a child of
     * one name, not a mistyped year (1950 for 1958 or 1960 is one digit). Typed dates are noisy (the Febrl sets
     * corrupt them freely), so a mere difference is no proof of two people.
     */
    static boolean generationsApart(Comparable a, Comparable b) {
        if (a.birth == null || b.birth == null) {
            return false;
        }
        int x = a.birth.getYear();
        int y = b.birth.getYear();
        if (Math.abs(x - y) < 15) {
            return false;
        }
        String sx = Integer.toString(x);
        String sy = Integer.toString(y);
        if (sx.length() != sy.length()) {
            return true;
        }
        int digits = 0;
        for (int i = 0; i < sx.length(); i++) {
            digits += sx.charAt(i) != sy.charAt(i) ? 1 : 0;
        }
        return digits > 1;
    }

    /**
     * Birth dates that differ in day, month and year alike (and are not a day and month swapped): two people of one
     * name under one roof (a mother and daughter, relatives), where a mistyped date differs in one part.
     */
    static boolean bornOnAnotherDay(Comparable a, Comparable b) {
        return a.birth != null && b.birth != null && a.birth.getYear() != b.birth.getYear()
                && a.birth.getMonthValue() != b.birth.getMonthValue() && a.birth.getDayOfMonth() != b.birth.getDayOfMonth()
                && !(a.birth.getMonthValue() == b.birth.getDayOfMonth() && a.birth.getDayOfMonth() == b.birth.getMonthValue());
    }

    /** Both civilities known, one a man's and one a woman's (Michel and Michèle, M. and Mme Dominique Leroy). */
    static boolean differentSexes(Comparable a, Comparable b) {
        String x = a.record.sex();
        String y = b.record.sex();
        return x != null && y != null && !x.equals(y);
    }

    /**
     * One street of one postcode, the number given on one side only: as good as one home for telling two people of
     * one family apart (Olivier and Sandrine Lavileonperau, one of them without the number).
     */
    static boolean sameStreetOneNumberMissing(Comparable a, Comparable b) {
        return (a.number == null) != (b.number == null) && a.streetName != null && a.streetName.equals(b.streetName)
                && a.postcode != null && a.postcode.equals(b.postcode);
    }

    static boolean sameHome(Comparable a, Comparable b) {
        return a.streetName != null && a.streetName.equals(b.streetName) && a.number != null && a.number.equals(b.number)
                && a.postcode != null && a.postcode.equals(b.postcode);
    }

    /**
     * The postcode-and-surname key (as reconciliation stores it, with the first initial) of the record with first and
     * last name the other way round; null without both names as words, a postcode, or when the names sound alike.
     */
    static String swappedNameKey(Comparable c) {
        String key = swappedPostcodeKey(c);
        return key == null ? null : key + "|" + c.last.charAt(0);
    }

    /** {@link #swappedNameKey} as this index's own postcode-and-surname key (without the first initial). */
    private static String swappedPostcodeKey(Comparable c) {
        if (c.first == null || c.last == null || c.postcode == null || c.firstPhonetic == null || c.lastPhonetic == null
                || c.first.length() < 2 || c.firstPhonetic.equals(c.lastPhonetic)) {
            return null;
        }
        return "P" + c.postcode + c.firstPhonetic;
    }

    static List<String> blockingKeys(Comparable c) {
        List<String> keys = new ArrayList<>(6);
        if (c.lastPhonetic != null && c.first != null) {
            keys.add("L" + c.lastPhonetic + c.first.charAt(0));
        }
        if (c.lastPhonetic != null && c.postcode != null) {
            keys.add("P" + c.postcode + c.lastPhonetic);
        }
        if (c.birth != null) {
            // with the first letter of the first name (an initial keeps it): a date alone gathers dozens per day in a large base
            keys.add("B" + c.birth + (c.first == null ? "" : c.first.charAt(0)));
        }
        if (c.streetName != null && c.postcode != null) {
            keys.add("S" + c.streetName + "|" + (c.number == null ? "" : c.number) + "|" + c.postcode);
        }
        if (c.nationalId != null) {
            keys.add("N" + c.nationalId);
        }
        if (c.firstPhonetic != null && c.streetName != null && c.postcode != null) {
            // a surname misspelt beyond recognition, or changed, at the same address
            keys.add("F" + c.firstPhonetic + c.streetName + c.postcode);
        }
        return keys;
    }

    /** The person a record belongs to: its oldest record's id. */
    public String personOf(String recordId) {
        Integer i = byId.get(recordId);
        if (i == null) {
            throw new IllegalArgumentException("unknown record " + recordId);
        }
        return records.get(find(parent, i)).record.id();
    }

    /** Records sharing a home with this one (other people), by the id of their household's oldest record. */
    public String householdOf(String recordId) {
        Integer i = byId.get(recordId);
        if (i == null) {
            throw new IllegalArgumentException("unknown record " + recordId);
        }
        return records.get(find(household, i)).record.id();
    }

    /** Every link that touches this record, explained. */
    public List<MatchExplanation> explain(String recordId) {
        Integer i = byId.get(recordId);
        return i == null ? List.of() : explain(i);
    }

    private List<MatchExplanation> explain(int i) {
        List<MatchExplanation> out = new ArrayList<>();
        for (Link l : links) {
            if (l.a() == i || l.b() == i) {
                out.add(new MatchExplanation(records.get(l.a()).record.id(), records.get(l.b()).record.id(), l.rule(),
                        model.weight(l.pattern()), model.posterior(l.pattern()), model.explain(l.pattern())));
            }
        }
        return out;
    }

    /**
     * Detaches a record from its person (a wrong merge): its links are dropped, it stands alone and is never linked
     * again; the rest of its former person stays together only through their own links.
     */
    public void unmerge(String recordId) {
        Integer i = byId.get(recordId);
        if (i == null) {
            throw new IllegalArgumentException("unknown record " + recordId);
        }
        detached.add(i);
        links.removeIf(l -> l.a() == i || l.b() == i);
        for (int k = 0; k < records.size(); k++) {
            parent[k] = k;
        }
        for (Link l : links) {
            union(parent, l.a(), l.b());
        }
    }

    /** Person id per record id, for every indexed record. */
    public Map<String, String> persons() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            out.put(records.get(i).record.id(), records.get(find(parent, i)).record.id());
        }
        return out;
    }

    public int size() {
        return records.size();
    }

    public MatchModel model() {
        return model;
    }

    public long skippedBlockPairs() {
        return skippedBlockPairs;
    }

    private void grow(int i) {
        if (i >= parent.length) {
            parent = Arrays.copyOf(parent, parent.length * 2);
            household = Arrays.copyOf(household, household.length * 2);
        }
    }

    private static int[] append(int[] members, int i) {
        if (members == null) {
            return new int[]{1, i, 0, 0};
        }
        int size = members[0];
        int[] m = size + 1 < members.length ? members : Arrays.copyOf(members, members.length * 2);
        m[size + 1] = i;
        m[0] = size + 1;
        return m;
    }

    private static int find(int[] uf, int i) {
        while (uf[i] != i) {
            uf[i] = uf[uf[i]];
            i = uf[i];
        }
        return i;
    }

    /** The older (smaller) root wins, so a person's id is its oldest record's. */
    private static void union(int[] uf, int a, int b) {
        int ra = find(uf, a);
        int rb = find(uf, b);
        if (ra != rb) {
            if (ra < rb) {
                uf[rb] = ra;
            } else {
                uf[ra] = rb;
            }
        }
    }
}
