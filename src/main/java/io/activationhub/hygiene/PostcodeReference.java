package io.activationhub.hygiene;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The La Poste postcode reference ({@code hygiene/laposte-codes-postaux.csv.gz}, derived from the
 * npm package {@code codes-postaux}), loaded once into memory on first use.
 *
 * <p>Lookups: by postcode, by town key (delivery name first, then commune name), and a fuzzy town
 * lookup. The fuzzy lookup compares only the towns of one block (same first two letters of the key,
 * or same department) whose length is close enough, with a bounded Levenshtein distance: at most 1
 * edit for keys of 5 to 8 characters, 2 up to 15, 3 beyond; no fuzzy match under 5 characters.
 * The smallest distance wins; a tie between different towns is reported as ambiguous.
 * Results are memoised (bounded), so repeated misspellings cost one map lookup.
 *
 * <p>Thread-safe.
 */
public final class PostcodeReference {

    private static final int FUZZY_CACHE_LIMIT = 20_000;
    private static final int BLOCK_PREFIX = 2;

    /** The result of a fuzzy town lookup. */
    public record TownMatch(List<String> townKeys, int distance, double similarity) {

        static final TownMatch NONE = new TownMatch(List.of(), -1, 0);

        /** Whether exactly one town key is nearest. */
        public boolean isUnique() {
            return townKeys.size() == 1;
        }

        public boolean isEmpty() {
            return townKeys.isEmpty();
        }
    }

    private static final class Holder {
        private static final PostcodeReference INSTANCE = load();
    }

    private final Map<String, List<PostcodeEntry>> byPostcode;
    private final Map<String, List<PostcodeEntry>> byDeliveryKey;
    private final Map<String, List<PostcodeEntry>> byCommuneKey;
    private final Map<String, List<PostcodeEntry>> byKeyWithoutArticle;
    private final Map<String, List<String>> townKeysByPrefix;
    private final Map<String, List<String>> townKeysByDepartment;
    private final Map<String, TownMatch> fuzzyCache = new ConcurrentHashMap<>();
    private final JaroWinklerSimilarity jaroWinkler = new JaroWinklerSimilarity();
    private static final LevenshteinDistance[] DISTANCES = {
            new LevenshteinDistance(0), new LevenshteinDistance(1), new LevenshteinDistance(2), new LevenshteinDistance(3)};
    private final int size;

    private PostcodeReference(List<PostcodeEntry> entries) {
        Map<String, List<PostcodeEntry>> postcodes = new HashMap<>(8192);
        Map<String, List<PostcodeEntry>> deliveries = new HashMap<>(65536);
        Map<String, List<PostcodeEntry>> communes = new HashMap<>(65536);
        Map<String, List<PostcodeEntry>> withoutArticles = new HashMap<>(1024);
        Map<String, Set<String>> prefixes = new HashMap<>();
        Map<String, Set<String>> departments = new HashMap<>();
        for (PostcodeEntry entry : entries) {
            postcodes.computeIfAbsent(entry.postcode(), k -> new ArrayList<>(2)).add(entry);
            String deliveryKey = entry.deliveryKey();
            String communeKey = entry.communeKey();
            deliveries.computeIfAbsent(deliveryKey, k -> new ArrayList<>(2)).add(entry);
            communes.computeIfAbsent(communeKey, k -> new ArrayList<>(2)).add(entry);
            String bare = PlaceNames.withoutLeadingArticle(deliveryKey);
            if (!bare.equals(deliveryKey)) {
                withoutArticles.computeIfAbsent(bare, k -> new ArrayList<>(2)).add(entry);
            }
            String department = PlaceNames.department(entry.postcode());
            for (String key : new String[]{deliveryKey, communeKey}) {
                prefixes.computeIfAbsent(prefix(key), k -> new LinkedHashSet<>()).add(key);
                departments.computeIfAbsent(department, k -> new LinkedHashSet<>()).add(key);
            }
        }
        this.byPostcode = freeze(postcodes);
        this.byDeliveryKey = freeze(deliveries);
        this.byCommuneKey = freeze(communes);
        this.byKeyWithoutArticle = freeze(withoutArticles);
        this.townKeysByPrefix = freezeKeys(prefixes);
        this.townKeysByDepartment = freezeKeys(departments);
        this.size = entries.size();
    }

    /** The shared reference, loaded on first use. */
    public static PostcodeReference instance() {
        return Holder.INSTANCE;
    }

    /** A reference over the given entries (for tests and custom data). */
    public static PostcodeReference of(List<PostcodeEntry> entries) {
        return new PostcodeReference(entries);
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Entries of a postcode, empty when it does not exist. */
    public List<PostcodeEntry> byPostcode(String postcode) {
        return postcode == null ? List.of() : byPostcode.getOrDefault(postcode, List.of());
    }

    /** Whether the postcode exists. */
    public boolean hasPostcode(String postcode) {
        return postcode != null && byPostcode.containsKey(postcode);
    }

    /**
     * Entries whose delivery name has this town key; when there are none, entries whose commune
     * name has it. Empty when the key is unknown.
     */
    public List<PostcodeEntry> byTownKey(String townKey) {
        List<PostcodeEntry> delivery = byDeliveryKey.get(townKey);
        if (delivery != null) {
            return delivery;
        }
        List<PostcodeEntry> commune = byCommuneKey.get(townKey);
        if (commune != null) {
            return commune;
        }
        // "Baux de Provence" for LES BAUX DE PROVENCE, when no town has that name without its article
        return byKeyWithoutArticle.getOrDefault(townKey, List.of());
    }

    /** Entries whose delivery name or commune name is the town of {@code townName} (any spelling). */
    public List<PostcodeEntry> byTown(String townName) {
        return byTownKey(PlaceNames.key(townName));
    }

    /** Town key of a delivery name or commune name (the key used by the lookups). */
    public static String townKey(String townName) {
        return PlaceNames.key(townName);
    }

    /**
     * The town keys nearest to {@code townKey}: first among towns starting with the same two
     * letters, then, when none is close enough and a department is given, among the towns of that
     * department.
     */
    public TownMatch fuzzyTown(String townKey, String department) {
        if (townKey == null || townKey.length() < 5) {
            return TownMatch.NONE;
        }
        String cacheKey = department == null ? townKey : townKey + "|" + department;
        TownMatch cached = fuzzyCache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        TownMatch match = nearest(townKey, townKeysByPrefix.getOrDefault(prefix(townKey), List.of()));
        if (match.isEmpty() && department != null) {
            match = nearest(townKey, townKeysByDepartment.getOrDefault(department, List.of()));
        }
        if (fuzzyCache.size() >= FUZZY_CACHE_LIMIT) {
            fuzzyCache.clear();
        }
        fuzzyCache.put(cacheKey, match);
        return match;
    }

    /** Edit budget for a key of this length. */
    static int maxEdits(int length) {
        if (length < 5) {
            return 0;
        }
        if (length <= 8) {
            return 1;
        }
        return length <= 15 ? 2 : 3;
    }

    private TownMatch nearest(String townKey, List<String> candidates) {
        int budget = maxEdits(townKey.length());
        int best = budget + 1;
        List<String> bestKeys = new ArrayList<>(2);
        for (String candidate : candidates) {
            int gap = candidate.length() - townKey.length();
            if (gap > budget || -gap > budget || candidate.equals(townKey)) {
                continue;
            }
            int distance = DISTANCES[Math.min(best, budget)].apply(townKey, candidate);
            if (distance < 0) {
                continue;
            }
            if (distance < best) {
                best = distance;
                bestKeys.clear();
                bestKeys.add(candidate);
            } else if (distance == best) {
                bestKeys.add(candidate);
            }
        }
        if (bestKeys.isEmpty()) {
            return TownMatch.NONE;
        }
        Collections.sort(bestKeys);
        double similarity = jaroWinkler.apply(townKey, bestKeys.get(0));
        return new TownMatch(List.copyOf(bestKeys), best, similarity);
    }

    /** Edit distance between two keys, or -1 when above {@code budget} (0 to 3). */
    static int distanceWithin(String a, String b, int budget) {
        return DISTANCES[budget].apply(a, b);
    }

    private static String prefix(String key) {
        return key.length() <= BLOCK_PREFIX ? key : key.substring(0, BLOCK_PREFIX);
    }

    private static Map<String, List<PostcodeEntry>> freeze(Map<String, List<PostcodeEntry>> map) {
        Map<String, List<PostcodeEntry>> frozen = new HashMap<>(map.size() * 2);
        map.forEach((key, list) -> frozen.put(key, List.copyOf(list)));
        return Collections.unmodifiableMap(frozen);
    }

    private static Map<String, List<String>> freezeKeys(Map<String, Set<String>> map) {
        Map<String, List<String>> frozen = new HashMap<>(map.size() * 2);
        map.forEach((key, set) -> frozen.put(key, List.copyOf(set)));
        return Collections.unmodifiableMap(frozen);
    }

    private static PostcodeReference load() {
        List<String> lines = HygieneResources.dataLines("laposte-codes-postaux.csv.gz", true);
        List<PostcodeEntry> entries = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] fields = HygieneResources.fields(line, 4);
            entries.add(PostcodeEntry.of(fields[0], fields[1], fields[2], fields[3]));
        }
        return new PostcodeReference(entries);
    }
}
