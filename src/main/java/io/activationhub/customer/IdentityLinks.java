package io.activationhub.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.identity.CandidateMatcher;
import io.activationhub.identity.PersonRecord;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The source records each customer is made of ({@code identity_link}), why each joined them, and the blocking keys
 * that let a new record find its candidate customers in PostgreSQL ({@code customer_match_key}) without holding the
 * base in memory: a record is compared with the golden records of the customers sharing one of its keys, at most
 * {@code hub.identity.max-block-size} per key.
 */
@Component
public class IdentityLinks {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;
    private final CandidateMatcher matcher;
    private final int maxBlockSize;
    private final int candidateCache;
    /**
     * The owners of a blocking key shared by more customers than {@code maxBlockSize}: such a key yields no
     * candidates, so who its owners are is never read past the bound, nor added to.
     */
    private final List<Long> tooCommon;

    public IdentityLinks(NamedParameterJdbcTemplate jdbc, IdentitySettings settings) {
        this.jdbc = jdbc;
        this.matcher = settings.matcher();
        this.maxBlockSize = settings.maxBlockSize();
        this.candidateCache = settings.candidateCache();
        this.tooCommon = List.copyOf(java.util.Collections.nCopies(maxBlockSize + 1, 0L));
    }

    /**
     * What a batch of incoming records needs from the store, read in a handful of queries: the customers their source
     * records, cards, emails and mobiles already belong to, and the candidate customers sharing their blocking keys
     * (golden record and household). Decisions are then taken record after record in memory, and each decision is
     * added to the batch ({@link #assigned}) so that later records of the same batch see the customers earlier ones
     * created or joined, exactly as if they had been reconciled one by one.
     */
    public Batch prefetch(List<SourceRecord> records) {
        return new Batch(Incoming.of(records), new CandidateCache(0), null, null);
    }

    /**
     * {@link #prefetch(List)} for one batch of a run: candidates read by earlier batches are taken from the run's
     * cache. The caller {@link CandidateCache#forget forgets} the customers a batch changed.
     */
    public Batch prefetch(List<SourceRecord> records, CandidateCache cache) {
        return new Batch(Incoming.of(records), cache, null, null);
    }

    /**
     * {@link #prefetch(List, CandidateCache)} of records already {@link Incoming#of prepared}, with what was
     * {@link #readAhead read ahead} outside the run's transaction ({@code null}: nothing, all is read in the run). What the run itself wrote since it began is not in there: an owner of a source record, card,
     * email, mobile or blocking key the run {@link RunWrites wrote} (or may have) is read in the run's transaction,
     * and so is a candidate customer the run created or changed, or one neither read ahead nor cached. Everything
     * else is taken as it was read ahead.
     */
    Batch prefetch(Incoming incoming, CandidateCache cache, Ahead ahead, RunWrites written) {
        return new Batch(incoming, cache, ahead, written);
    }

    /**
     * What a batch needs from the store, as committed, read on the calling thread with a connection of its own (not
     * the run's transaction, which goes on storing the previous batch meanwhile): the owners of its source records,
     * cards, emails, mobiles and blocking keys, and its candidate customers (golden record prepared) except those
     * the run's cache holds.
     */
    record Ahead(Map<String, Long> links, Map<String, Long> identities, Map<String, List<Long>> keyOwners,
                 Map<Long, CandidateCache.Candidate> candidates) {
    }

    /** Reads a batch's {@link Ahead}. */
    Ahead readAhead(Incoming in, CandidateCache cache) {
        Map<String, Long> links = new java.util.HashMap<>();
        Map<String, Long> identities = new java.util.HashMap<>();
        identifierOwners(in, null, null, links, identities);
        Map<String, List<Long>> owners = new java.util.HashMap<>();
        keyOwners(in, null, null, cache, owners);
        Set<Long> ids = new LinkedHashSet<>();
        owners.values().stream().filter(v -> v.size() <= maxBlockSize).forEach(ids::addAll);
        ids.removeIf(cache::holds);
        Map<Long, CandidateCache.Candidate> candidates = new java.util.HashMap<>();
        readCandidates(ids, cache, candidates::put);
        return new Ahead(links, identities, owners, candidates);
    }

    /**
     * What a run has written so far, as far as reading ahead is concerned: the source records, identifiers and
     * blocking keys it stored (in a Bloom filter of fixed size, 8 MB: memory stays bounded whatever the file; a false
     * positive only means one more read in the run's transaction) and the customers it created or changed. Which
     * customers it gave each blocking key is also kept, while it fits ({@link #KEYS_ADDED_MAX}): a key's owners are
     * then those read ahead and those the run added, without reading the key again in the run's transaction.
     */
    static final class RunWrites {
        private static final int BITS = 1 << 26;
        /**
         * Blocking keys given to customers that are kept exactly, at about 200 bytes each: what a twentieth of the heap
         * holds, between 10,000 and 400,000 (80 MB; a file of 100,000 members gives about 370,000).
         */
        static final int KEYS_ADDED_MAX = keysAddedMax(Runtime.getRuntime().maxMemory());
        private long[] bits;
        final Set<Long> changed = new java.util.HashSet<>();
        private final Map<String, List<Long>> keysAdded = new java.util.HashMap<>();
        private final int keysAddedMax;
        private int keysAddedCount;
        private boolean keysOverflowed;

        RunWrites() {
            this(KEYS_ADDED_MAX);
        }

        /** {@link #KEYS_ADDED_MAX} for a heap of this size. */
        static int keysAddedMax(long maxHeapBytes) {
            return (int) Math.max(10_000, Math.min(400_000, maxHeapBytes / 20 / 200));
        }

        /** With at most {@code keysAddedMax} blocking keys given kept exactly (tests). */
        RunWrites(int keysAddedMax) {
            this.keysAddedMax = keysAddedMax;
        }

        /** The run gave this blocking key to this customer. */
        void addedKey(String key, long customerId) {
            add('K', key);
            if (keysOverflowed) {
                return;
            }
            if (++keysAddedCount > keysAddedMax) {
                keysOverflowed = true;
                keysAdded.clear();
                return;
            }
            keysAdded.computeIfAbsent(key, x -> new ArrayList<>(2)).add(customerId);
        }

        /** Whether every blocking key the run gave is in {@link #keyAddedTo}. */
        boolean knowsKeysAdded() {
            return !keysOverflowed;
        }

        /** The customers the run gave this key (when {@link #knowsKeysAdded}). */
        List<Long> keyAddedTo(String key) {
            return keysAdded.getOrDefault(key, List.of());
        }

        void add(char kind, String value) {
            if (bits == null) {
                bits = new long[BITS / 64];
            }
            long h = hash(kind, value);
            for (int i = 0; i < 3; i++) {
                int bit = bit(h, i);
                bits[bit >>> 6] |= 1L << bit;
            }
        }

        boolean mightContain(char kind, String value) {
            if (bits == null) {
                return false;
            }
            long h = hash(kind, value);
            for (int i = 0; i < 3; i++) {
                int bit = bit(h, i);
                if ((bits[bit >>> 6] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** The i-th of a value's three bits (double hashing on the two halves of its hash). */
        private static int bit(long h, int i) {
            return ((int) h + i * (int) (h >>> 32)) & (BITS - 1);
        }

        /** FNV-1a, 64 bits, over the kind and the value's characters. */
        private static long hash(char kind, String value) {
            long h = 0xcbf29ce484222325L;
            h = (h ^ kind) * 0x100000001b3L;
            for (int i = 0; i < value.length(); i++) {
                h = (h ^ value.charAt(i)) * 0x100000001b3L;
            }
            return h ^ (h >>> 29);
        }
    }

    /**
     * Records that a batch stored its records' links, identifiers and keys (after its writes), record i's keys given
     * to customer i.
     */
    void wrote(Batch batch, long[] customers, RunWrites written) {
        for (int i = 0; i < batch.in.records.size(); i++) {
            SourceRecord r = batch.in.records.get(i);
            written.add('L', pair(r.source(), r.sourceKey()));
            for (String[] id : identifiers(r.member())) {
                written.add('I', pair(id[0], id[1]));
            }
            for (String k : batch.in.keys.get(i)) {
                written.addedKey(k, customers[i]);
            }
        }
    }

    /** A member's card, email and mobile, those it has, as {kind, value}. */
    private static List<String[]> identifiers(CleanMember m) {
        List<String[]> out = new ArrayList<>(3);
        for (String[] id : new String[][]{{"card", m.cardNumber()}, {"email", m.email()}, {"mobile", m.mobile()}}) {
            if (id[1] != null) {
                out.add(id);
            }
        }
        return out;
    }

    /** How a source record ({@code source}, {@code source_key}) or identifier ({@code kind}, {@code value}) is keyed. */
    static String pair(String a, String b) {
        return a + '\u0000' + b;
    }

    /** Whether what was read ahead holds for this value: there is some, and the run has not written the value. */
    private static boolean fromAhead(Ahead ahead, RunWrites written, char kind, String value) {
        return ahead != null && !written.mightContain(kind, value);
    }

    /**
     * The owners of a batch's source records, cards, emails and mobiles: taken from {@code ahead} where it holds
     * ({@link #fromAhead}), the others read with this thread's connection.
     */
    private void identifierOwners(Incoming in, Ahead ahead, RunWrites written, Map<String, Long> links,
                                  Map<String, Long> identities) {
        List<String> ls = new ArrayList<>();
        List<String> lk = new ArrayList<>();
        List<String> is = new ArrayList<>();
        List<String> ik = new ArrayList<>();
        for (SourceRecord r : in.records) {
            String link = pair(r.source(), r.sourceKey());
            if (fromAhead(ahead, written, 'L', link)) {
                Long owner = ahead.links().get(link);
                if (owner != null) {
                    links.put(link, owner);
                }
            } else {
                ls.add(r.source());
                lk.add(r.sourceKey());
            }
            for (String[] id : identifiers(r.member())) {
                String identity = pair(id[0], id[1]);
                if (fromAhead(ahead, written, 'I', identity)) {
                    Long owner = ahead.identities().get(identity);
                    if (owner != null) {
                        identities.put(identity, owner);
                    }
                } else {
                    is.add(id[0]);
                    ik.add(id[1]);
                }
            }
        }
        linkOwners(ls, lk, links);
        identityOwners(is, ik, identities);
    }

    /**
     * The owners of a batch's blocking keys, as {@link #identifierOwners} reads those of its identifiers; a key the run
     * may have given is not read again while the run {@link RunWrites#knowsKeysAdded knows} whom it gave keys to.
     *
     * @return how many keys were read with this thread's connection
     */
    private int keyOwners(Incoming in, Ahead ahead, RunWrites written, CandidateCache cache,
                          Map<String, List<Long>> owners) {
        Set<String> keys = new LinkedHashSet<>();
        in.lookups.forEach(keys::addAll);
        List<String> unread = new ArrayList<>();
        for (String k : keys) {
            if (fromAhead(ahead, written, 'K', k)) {
                List<Long> read = ahead.keyOwners().get(k);
                if (read != null) {
                    owners.put(k, read == tooCommon ? tooCommon : new ArrayList<>(read));
                }
            } else if (ahead != null && written.knowsKeysAdded()) {
                // the run may have given this key: its owners as read ahead (committed) and those the run added
                List<Long> read = ahead.keyOwners().get(k);
                List<Long> added = written.keyAddedTo(k);
                if (read == tooCommon) {
                    owners.put(k, tooCommon);
                } else if (read != null || !added.isEmpty()) {
                    Set<Long> all = new LinkedHashSet<>(added);
                    if (read != null) {
                        all.addAll(read);
                    }
                    owners.put(k, bounded(k, new ArrayList<>(all), cache.tooCommon));
                }
            } else {
                unread.add(k);
            }
        }
        owners.putAll(readKeyOwners(unread, cache.tooCommon));
        return unread.size();
    }

    /** The customers of source records, by {@link #pair}. */
    private void linkOwners(List<String> sources, List<String> keys, Map<String, Long> into) {
        ownersBySource("identity_link", sources, keys, into);
    }

    /** The customers holding cards, emails or mobiles, by {@link #pair}. */
    private void identityOwners(List<String> sources, List<String> keys, Map<String, Long> into) {
        ownersBySource("customer_identity", sources, keys, into);
    }

    /**
     * The customers of ({@code source}, {@code source_key}) pairs in a table keyed by them, by {@link #pair}: per
     * source, its keys as one array, which PostgreSQL sorts and looks up in one walk of the index. Joining the pairs
     * as a table probed the index once per pair: twice the time (psql, 2,600 identifiers: 18.0 ms against 8.9 ms).
     */
    private void ownersBySource(String table, List<String> sources, List<String> keys, Map<String, Long> into) {
        if (sources.isEmpty()) {
            return;
        }
        Map<String, List<String>> bySource = new java.util.TreeMap<>();
        for (int i = 0; i < sources.size(); i++) {
            bySource.computeIfAbsent(sources.get(i), x -> new ArrayList<>()).add(keys.get(i));
        }
        StringBuilder sql = new StringBuilder();
        MapSqlParameterSource params = new MapSqlParameterSource();
        int n = 0;
        for (Map.Entry<String, List<String>> e : bySource.entrySet()) {
            sql.append(n == 0 ? "" : " union all ").append("select source, source_key, customer_id from ").append(table)
                    .append(" where source = :s").append(n).append(" and source_key = any(cast(:k").append(n)
                    .append(" as text[]))");
            params.addValue("s" + n, e.getKey()).addValue("k" + n, e.getValue().toArray(String[]::new));
            n++;
        }
        jdbc.query(sql.toString(), params, rs -> {
            into.put(pair(rs.getString(1), rs.getString(2)), rs.getLong(3));
        });
    }

    /**
     * The customers of each key, in id order; a key shared by more than max-block-size is too common to say anything,
     * and its owners are {@link #tooCommon}. The keys are looked up as one array (half the time of probing the index
     * key by key, measured), which reads every owner of a common key: the run remembers such keys in
     * {@code common} and does not read them again.
     */
    private Map<String, List<Long>> readKeyOwners(java.util.Collection<String> keys, Set<String> common) {
        Map<String, List<Long>> owners = new java.util.HashMap<>();
        List<String> unread = new ArrayList<>(keys.size());
        for (String k : keys) {
            if (common.contains(k)) {
                owners.put(k, tooCommon);
            } else {
                unread.add(k);
            }
        }
        if (!unread.isEmpty()) {
            jdbc.query("select match_key, customer_id from customer_match_key where match_key = any(cast(:keys as text[]))",
                    new MapSqlParameterSource("keys", unread.toArray(String[]::new)), rs -> {
                        owners.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getLong(2));
                    });
            owners.replaceAll((k, ids) -> ids == tooCommon ? ids : bounded(k, ids, common));
        }
        return owners;
    }

    /**
     * A key's distinct owners as a batch holds them: in id order, or {@link #tooCommon} past max-block-size (the key
     * then remembered in {@code common}).
     */
    private List<Long> bounded(String key, List<Long> ids, Set<String> common) {
        if (ids.size() > maxBlockSize) {
            common.add(key);
            return tooCommon;
        }
        ids.sort(null);
        return ids;
    }

    /** Customers' golden records, prepared for comparison, with their household. */
    private void readCandidates(java.util.Collection<Long> ids, CandidateCache cache,
                                java.util.function.BiConsumer<Long, CandidateCache.Candidate> to) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.query("select " + GOLDEN_COLUMNS + ", household_id from customer where id = any(cast(:ids as bigint[]))",
                new MapSqlParameterSource("ids", ids.toArray(Long[]::new)), rs -> {
                    long id = rs.getLong("id");
                    CandidateMatcher.Prepared golden = CandidateMatcher.prepare(
                            SourceRecord.person(Long.toString(id), golden(rs)), cache::share);
                    to.accept(id, new CandidateCache.Candidate(golden, (Long) rs.getObject("household_id")));
                });
    }

    /**
     * What a batch of incoming records needs that depends on them alone, not on the store: each record prepared for
     * comparison, its blocking keys and its content as JSON. Pure and thread-safe, so a run prepares its next batch
     * on another thread while PostgreSQL stores the current one.
     */
    public static final class Incoming {
        private final List<SourceRecord> records;
        private final List<CandidateMatcher.Prepared> prepared;
        private final List<List<String>> keys;
        /** The keys each record looks candidates up by: its own and, looked up only, names the other way round. */
        private final List<List<String>> lookups;
        private final String[] json;

        private Incoming(List<SourceRecord> records) {
            this.records = List.copyOf(records);
            this.prepared = new ArrayList<>(records.size());
            this.keys = new ArrayList<>(records.size());
            this.lookups = new ArrayList<>(records.size());
            this.json = new String[records.size()];
            for (int i = 0; i < records.size(); i++) {
                SourceRecord r = records.get(i);
                CandidateMatcher.Prepared p = CandidateMatcher.prepare(SourceRecord.person("incoming", r.member()));
                prepared.add(p);
                List<String> own = CandidateMatcher.blockingKeys(p);
                keys.add(own);
                lookups.add(CandidateMatcher.lookupKeys(p, own));
                json[i] = json(r.toJson());
            }
        }

        public static Incoming of(List<SourceRecord> records) {
            return new Incoming(records);
        }

        public List<SourceRecord> records() {
            return records;
        }
    }

    /** A cache for one run's batches ({@code hub.identity.candidate-cache} candidates at most). */
    public CandidateCache newCandidateCache() {
        return new CandidateCache(candidateCache);
    }

    /**
     * Candidate customers (prepared golden record and household) read by a run's earlier batches: the batches of one
     * file meet the same customers again and again, and reading and preparing them is most of the cost of a batch
     * once the base is large. Not shared between runs or threads.
     * <p>
     * When full, it drops a candidate not met since the clock hand last passed it (second chance, "CLOCK"): close to
     * least recently used, which it replaces, without the cost of keeping the order of use. Keeping that order moved
     * entries of a large map on every hit (6% of the JVM's samples on the dense benchmark); here a hit sets a flag.
     * Dropping in insertion order instead (FIFO) was cheaper still, but dropped candidates met again and again.
     */
    public static final class CandidateCache {

        record Candidate(CandidateMatcher.Prepared golden, Long household) {
        }

        /** A candidate in its place on the clock, with whether it was met since the hand last passed. */
        private static final class Slot {
            final long id;
            final int index;
            Candidate candidate;
            boolean met;

            Slot(long id, int index, Candidate candidate) {
                this.id = id;
                this.index = index;
                this.candidate = candidate;
            }
        }

        private final int capacity;
        private final Map<Long, Slot> entries = new java.util.HashMap<>();
        /** The clock: slot i's candidate, or null (never filled, or forgotten). */
        private final Slot[] clock;
        /** Places on the clock freed by {@link #forget}, used before any candidate is dropped. */
        private final java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();
        private int filled;
        private int hand;
        /** The ids {@link #entries} holds, for the thread reading the next batch ahead (which may be out of date). */
        private final Set<Long> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /**
         * Blocking keys the run found shared by more than max-block-size customers: they yield no candidates, and are
         * not read again (keys are only added to during a run). Read and written by both threads.
         */
        final Set<String> tooCommon = java.util.concurrent.ConcurrentHashMap.newKeySet();

        /**
         * Values many candidates have (towns, postcodes, first names, phonetic keys, street names), kept once: a
         * candidate held about 23 strings, 1.5 KB in all (heap histogram, dense benchmark). Bounded; used by both
         * threads; dropped with the run.
         */
        private final Map<String, String> shared = new java.util.concurrent.ConcurrentHashMap<>();
        private final int sharedMax;

        CandidateCache(int capacity) {
            this.capacity = capacity;
            this.clock = new Slot[capacity];
            this.sharedMax = capacity / 2;
        }

        /** An equal string already kept for another candidate, or this one (kept for the next while room remains). */
        String share(String value) {
            String known = shared.get(value);
            if (known != null) {
                return known;
            }
            if (shared.size() >= sharedMax) {
                return value;
            }
            known = shared.putIfAbsent(value, value);
            return known != null ? known : value;
        }

        Candidate get(long id) {
            Slot slot = entries.get(id);
            if (slot == null) {
                return null;
            }
            slot.met = true;
            return slot.candidate;
        }

        void put(long id, Candidate candidate) {
            if (capacity == 0) {
                return;
            }
            Slot known = entries.get(id);
            if (known != null) {
                known.candidate = candidate;
                known.met = true;
                return;
            }
            int index;
            if (!free.isEmpty()) {
                index = free.pop();
            } else if (filled < capacity) {
                index = filled++;
            } else {
                // the hand gives each candidate met since it last passed a second chance, and drops the first one not
                while (clock[hand].met) {
                    clock[hand].met = false;
                    hand = (hand + 1) % capacity;
                }
                index = hand;
                entries.remove(clock[index].id);
                held.remove(clock[index].id);
                hand = (hand + 1) % capacity;
            }
            Slot slot = new Slot(id, index, candidate);
            clock[index] = slot;
            entries.put(id, slot);
            held.add(id);
        }

        /**
         * A customer as the run has just stored them: their golden record as the customer row holds it (what
         * {@link #readCandidates} would read back) and their household.
         */
        void remember(long id, CleanMember golden, Long household) {
            if (capacity > 0) {
                put(id, new Candidate(CandidateMatcher.prepare(SourceRecord.person(Long.toString(id),
                        GoldenRecords.asStored(golden)), this::share), household));
            }
        }

        /** Whether the cache held this customer a moment ago: thread-safe, a hint only. */
        boolean holds(long id) {
            return held.contains(id);
        }

        /** Customers whose golden record or household changed: read again when met. */
        public void forget(java.util.Collection<Long> ids) {
            ids.forEach(id -> {
                Slot slot = entries.remove(id);
                if (slot != null) {
                    clock[slot.index] = null;
                    free.push(slot.index);
                    held.remove(id);
                }
            });
        }

        public int size() {
            return entries.size();
        }
    }

    public final class Batch {

        private final Map<String, Long> linkOwner = new java.util.HashMap<>();
        private final Map<String, Long> identityOwner = new java.util.HashMap<>();
        private final Map<String, List<Long>> keyOwners = new java.util.HashMap<>();
        private final Map<Long, CandidateMatcher.Prepared> goldens = new java.util.HashMap<>();
        private final Map<Long, Long> households = new java.util.HashMap<>();
        /** The customers this batch creates: nobody else can hold a key for them yet. */
        private final Set<Long> created = new java.util.HashSet<>();
        /** The source records and the cards, emails and mobiles (by {@link #pair}) the store held when read. */
        private final Set<String> storedLinks;
        private final Set<String> storedIdentities;
        private final Incoming in;
        /** Where the batch's reading went: identities, key owners, candidates (nanoseconds), candidates read. */
        long identityNanos;
        long keyOwnerNanos;
        long candidateNanos;
        int candidatesRead;
        int candidatesReadAhead;
        int keysRead;

        private Batch(Incoming in, CandidateCache cache, Ahead ahead, RunWrites written) {
            this.in = in;
            long t0 = System.nanoTime();
            // what the run wrote is read in its transaction, which sees it
            identifierOwners(in, ahead, written, linkOwner, identityOwner);
            storedLinks = new java.util.HashSet<>(linkOwner.keySet());
            storedIdentities = new java.util.HashSet<>(identityOwner.keySet());
            long t1 = System.nanoTime();
            identityNanos = t1 - t0;
            keysRead = keyOwners(in, ahead, written, cache, keyOwners);
            long t2 = System.nanoTime();
            keyOwnerNanos = t2 - t1;
            Set<Long> ids = new LinkedHashSet<>();
            keyOwners.values().stream().filter(v -> v.size() <= maxBlockSize).forEach(ids::addAll);
            List<Long> unknown = new ArrayList<>();
            for (Long id : ids) {
                CandidateCache.Candidate known = cache.get(id);
                if (known == null && ahead != null && !written.changed.contains(id)) {
                    known = ahead.candidates().get(id);
                    if (known != null) {
                        cache.put(id, known);
                        candidatesReadAhead++;
                    }
                }
                if (known == null) {
                    unknown.add(id);
                } else {
                    goldens.put(id, known.golden());
                    households.put(id, known.household());
                }
            }
            readCandidates(unknown, cache, (id, candidate) -> {
                goldens.put(id, candidate.golden());
                households.put(id, candidate.household());
                cache.put(id, candidate);
            });
            candidatesRead = unknown.size();
            candidateNanos = System.nanoTime() - t2;
        }

        /** The customer the i-th record's source record already belongs to. */
        public Optional<Long> linkOwner(SourceRecord r) {
            return Optional.ofNullable(linkOwner.get(pair(r.source(), r.sourceKey())));
        }

        /**
         * Whether the store held this card, email or mobile when the batch read it. Reconciliation alone writes them,
         * one run at a time across instances ({@code FeedRunLedger#lockReconciliation}), so one not held is new.
         */
        boolean stored(String source, String key) {
            return storedIdentities.contains(pair(source, key));
        }

        /** The customer holding a card, email or mobile. */
        public Optional<Long> identity(String source, String key) {
            return key == null ? Optional.empty() : Optional.ofNullable(identityOwner.get(pair(source, key)));
        }

        /**
         * Whether the i-th record is clearly someone else than the customer holding one of its emails or mobiles
         * ({@link CandidateMatcher#clearlySomeoneElse}); false when the batch did not read that customer.
         */
        public boolean clearlySomeoneElse(int i, long customerId) {
            CandidateMatcher.Prepared holder = goldens.get(customerId);
            return holder != null && CandidateMatcher.clearlySomeoneElse(in.prepared.get(i), holder);
        }

        /** The i-th record against the customers sharing one of its blocking keys. */
        public CandidateMatcher.Decision match(int i, CleanMember m) {
            Set<Long> ids = new LinkedHashSet<>();
            for (String k : in.lookups.get(i)) {
                List<Long> owners = keyOwners.get(k);
                if (owners != null && owners.size() <= maxBlockSize) {
                    ids.addAll(owners);
                }
            }
            List<CandidateMatcher.Prepared> candidates = new ArrayList<>(ids.size());
            for (Long id : ids) {
                CandidateMatcher.Prepared p = goldens.get(id);
                if (p != null) {
                    candidates.add(p);
                }
            }
            if (candidates.isEmpty()) {
                return new CandidateMatcher.Decision(Optional.empty(), Optional.empty(), Optional.empty());
            }
            return matcher.decide(in.prepared.get(i), candidates);
        }

        /**
         * The household a new customer joins when they share a home with {@code sameHomeAs}: that customer's, which
         * they start (their own id) when they had none.
         *
         * @return the household id, and whether {@code sameHomeAs} needs its household id set in the store
         */
        public long household(long sameHomeAs) {
            Long h = households.get(sameHomeAs);
            if (h == null) {
                h = sameHomeAs;
                households.put(sameHomeAs, h);
            }
            return h;
        }

        /** The i-th record went to this customer: later records of the batch see it. */
        public void assigned(int i, long customerId, SourceRecord r, boolean created, Long household) {
            linkOwner.putIfAbsent(pair(r.source(), r.sourceKey()), customerId);
            CleanMember m = r.member();
            for (String[] id : identifiers(m)) {
                identityOwner.putIfAbsent(pair(id[0], id[1]), customerId);
            }
            for (String k : in.keys.get(i)) {
                List<Long> owners = keyOwners.computeIfAbsent(k, x -> new ArrayList<>());
                if (owners.size() <= maxBlockSize && !owners.contains(customerId)) {
                    owners.add(customerId);
                }
            }
            if (created) {
                this.created.add(customerId);
                goldens.put(customerId, CandidateMatcher.prepare(SourceRecord.person(Long.toString(customerId), m)));
                households.put(customerId, household);
            }
        }

        public List<String> keys(int i) {
            return in.keys.get(i);
        }

        /** The i-th record's content as JSON. */
        String json(int i) {
            return in.json[i];
        }

        /** A customer's household as this batch knows it. */
        public Long householdOf(long customerId) {
            return households.get(customerId);
        }

        /**
         * A customer this batch created, as the batch compared later records with them: the record they were made
         * from, prepared (the card it also holds takes no part in comparing), and their household.
         */
        CandidateCache.Candidate created(long customerId) {
            return new CandidateCache.Candidate(goldens.get(customerId), households.get(customerId));
        }

        /** Whether this batch read or made the customer, and so knows their household (none is known too). */
        boolean knowsHousehold(long customerId) {
            return households.containsKey(customerId);
        }
    }

    /** The columns {@link #golden} reads. */
    static final String GOLDEN_COLUMNS = "id, home_store_id, enrolled_at, civility, first_name, last_name, birth_date, "
            + "email, mobile, phone, address_line2, address_line3, address_line4, address_line5, postcode, city, country";

    /** A customer row as a member (the golden record). */
    static CleanMember golden(ResultSet rs) throws SQLException {
        LocalDate birth = rs.getObject("birth_date", LocalDate.class);
        return new CleanMember(null, rs.getString("home_store_id"),
                rs.getObject("enrolled_at", java.time.OffsetDateTime.class), rs.getString("civility"),
                rs.getString("first_name"), rs.getString("last_name"), birth, rs.getString("email"),
                rs.getString("mobile"), rs.getString("phone"), rs.getString("address_line2"),
                rs.getString("address_line3"), rs.getString("address_line4"), rs.getString("address_line5"),
                rs.getString("postcode"), rs.getString("city"), rs.getString("country"), null, null, null);
    }

    /**
     * Records (or refreshes) a source record of a customer. A record already linked keeps its customer and rule;
     * its content is replaced by the newer version.
     *
     * @return the link id
     */
    public long link(long customerId, SourceRecord record, String rule, CandidateMatcher.Match match) {
        return jdbc.queryForObject(LINK + " returning id", linkParams(customerId, record, rule, match), Long.class);
    }

    private static final String LINK = """
            insert into identity_link (customer_id, source, source_key, rule, weight, score, fields, record, received_at)
            values (:c, :s, :k, :rule, :weight, :score, cast(:fields as json), cast(:record as json), :at)
            on conflict (source, source_key) do update set record = excluded.record, received_at = excluded.received_at""";

    private static MapSqlParameterSource linkParams(long customerId, SourceRecord record, String rule,
                                                    CandidateMatcher.Match match) {
        return new MapSqlParameterSource("c", customerId).addValue("s", record.source()).addValue("k", record.sourceKey())
                .addValue("rule", rule).addValue("weight", match == null ? null : match.weight())
                .addValue("score", match == null ? null : match.posterior())
                .addValue("fields", match == null ? null : json(match.fields()))
                .addValue("record", json(record.toJson()))
                .addValue("at", Timestamp.from(record.receivedAt()));
    }

    /**
     * {@link #link} for a batch, in one statement: record i to customer i, with its rule and, when probabilistic, its
     * match (a batch naming one source record twice goes row by row).
     */
    public void linkAll(long[] customers, List<SourceRecord> records, String[] rules, CandidateMatcher.Match[] matches) {
        linkAll(customers, records, rules, matches, null);
    }

    /** {@link #linkAll(long[], List, String[], CandidateMatcher.Match[])} of a batch's records, their JSON made already. */
    public void linkAll(long[] customers, Batch batch, String[] rules, CandidateMatcher.Match[] matches) {
        linkAll(customers, batch.in.records, rules, matches, batch);
    }

    private void linkAll(long[] customers, List<SourceRecord> records, String[] rules, CandidateMatcher.Match[] matches,
                         Batch batch) {
        int n = records.size();
        Set<String> seen = new java.util.HashSet<>();
        boolean distinct = records.stream().allMatch(r -> seen.add(pair(r.source(), r.sourceKey())));
        if (!distinct) {
            for (int i = 0; i < n; i++) {
                link(customers[i], records.get(i), rules[i], matches[i]);
            }
            return;
        }
        if (batch == null) {
            insertLinks(customers, records, rules, matches, null, java.util.stream.IntStream.range(0, n).toArray(), true);
            return;
        }
        // a source record the store did not hold when the batch read it is new (reconciliation alone links loyalty
        // members, one run at a time): inserted without the unique-index check ON CONFLICT makes first
        Map<Boolean, List<Integer>> stored = java.util.stream.IntStream.range(0, n).boxed().collect(
                java.util.stream.Collectors.partitioningBy(i -> batch.storedLinks.contains(
                        pair(records.get(i).source(), records.get(i).sourceKey()))));
        insertLinks(customers, records, rules, matches, batch, stored.get(true).stream().mapToInt(i -> i).toArray(), true);
        insertLinks(customers, records, rules, matches, batch, stored.get(false).stream().mapToInt(i -> i).toArray(), false);
    }

    /** The links of records {@code rows}, in one statement; {@code refresh}: those already linked get the new content. */
    private void insertLinks(long[] customers, List<SourceRecord> records, String[] rules,
                             CandidateMatcher.Match[] matches, Batch batch, int[] rows, boolean refresh) {
        int n = rows.length;
        if (n == 0) {
            return;
        }
        String[] c = new String[n];
        String[] src = new String[n];
        String[] key = new String[n];
        String[] rule = new String[n];
        String[] weight = new String[n];
        String[] score = new String[n];
        String[] fields = new String[n];
        String[] record = new String[n];
        String[] at = new String[n];
        for (int j = 0; j < n; j++) {
            int i = rows[j];
            SourceRecord r = records.get(i);
            CandidateMatcher.Match m = matches[i];
            c[j] = Long.toString(customers[i]);
            src[j] = r.source();
            key[j] = r.sourceKey();
            rule[j] = rules[i];
            weight[j] = m == null ? null : Double.toString(m.weight());
            score[j] = m == null ? null : Double.toString(m.posterior());
            fields[j] = m == null ? null : json(m.fields());
            record[j] = batch != null ? batch.json(i) : json(r.toJson());
            at[j] = r.receivedAt().toString();
        }
        // the JSON arrives as text and each row's is cast on its own: casting the whole array to jsonb[] took ten
        // times as long (3.4 s against 0.3 s for 100,000 records of 620 bytes, measured on the embedded PostgreSQL 14);
        // json (V74) only checks the text, where jsonb also parsed it into its binary form (0.34 s against 0.92 s)
        jdbc.update("""
                insert into identity_link (customer_id, source, source_key, rule, weight, score, fields, record, received_at)
                select c, s, k, rule, weight, score, cast(fields as json), cast(record as json), at
                from unnest(cast(:c as bigint[]), cast(:s as text[]), cast(:k as text[]), cast(:rule as text[]),
                            cast(:weight as float8[]), cast(:score as float8[]), cast(:fields as text[]),
                            cast(:record as text[]), cast(:at as timestamptz[]))
                     as x(c, s, k, rule, weight, score, fields, record, at)""" + (refresh ? """

                on conflict (source, source_key) do update set record = excluded.record, received_at = excluded.received_at"""
                        : ""),
                new MapSqlParameterSource("c", c).addValue("s", src).addValue("k", key).addValue("rule", rule)
                        .addValue("weight", weight).addValue("score", score).addValue("fields", fields)
                        .addValue("record", record).addValue("at", at));
    }

    /** {@link #addKeys} for a batch, in one statement: record i's keys (computed by the batch) to customer i. */
    public void addKeysAll(long[] customers, Batch batch) {
        List<String> keys = new ArrayList<>();
        List<Long> owners = new ArrayList<>();
        List<String> freshKeys = new ArrayList<>();
        List<Long> freshOwners = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < customers.length; i++) {
            boolean fresh = batch.created.contains(customers[i]);
            for (String k : batch.keys(i)) {
                if (!fresh) {
                    keys.add(k);
                    owners.add(customers[i]);
                } else if (seen.add(customers[i] + "\u0000" + k)) {
                    freshKeys.add(k);
                    freshOwners.add(customers[i]);
                }
            }
        }
        insertKeys(keys, owners);
        // a customer created by this batch has no key in the store yet (its id is new): a plain insert, without the
        // unique-index check ON CONFLICT makes first (25% less time for these rows, measured). In key order, the
        // entries of one leaf page of the key index come one after the other: 7% less time (200,000 members, 5.06 s
        // and 5.13 s against 4.69 s and 4.78 s, alternately); cards, emails, mobiles and source records gained nothing
        // that way
        if (!freshKeys.isEmpty()) {
            jdbc.update("""
                    insert into customer_match_key (match_key, customer_id)
                    select * from unnest(cast(:k as text[]), cast(:c as bigint[])) as x(k, c) order by k""",
                    new MapSqlParameterSource("k", freshKeys.toArray(String[]::new))
                            .addValue("c", freshOwners.toArray(Long[]::new)));
        }
    }

    /** Key i to customer i, in one statement; a key the customer already has is skipped. */
    private void insertKeys(List<String> keys, List<Long> owners) {
        if (!keys.isEmpty()) {
            jdbc.update("""
                    insert into customer_match_key (match_key, customer_id)
                    select * from unnest(cast(:k as text[]), cast(:c as bigint[])) as x(k, c) order by k
                    on conflict do nothing""",
                    new MapSqlParameterSource("k", keys.toArray(String[]::new)).addValue("c", owners.toArray(Long[]::new)));
        }
    }

    /** Adds the blocking keys of a record to its customer's. */
    public void addKeys(long customerId, CleanMember member) {
        addKeysOf(customerId, member);
    }

    /** {@link #addKeys}, returning the keys. */
    private List<String> addKeysOf(long customerId, CleanMember member) {
        List<String> keys = CandidateMatcher.blockingKeys(SourceRecord.person(Long.toString(customerId), member));
        insertKeys(keys, java.util.Collections.nCopies(keys.size(), customerId));
        return keys;
    }

    /** Replaces a customer's blocking keys with those of their source records. */
    public void rebuildKeys(long customerId, List<SourceRecord> records) {
        jdbc.update("delete from customer_match_key where customer_id = :c", Map.of("c", customerId));
        for (SourceRecord r : records) {
            addKeys(customerId, r.member());
        }
    }

    /** A customer's source records, oldest link first. */
    public List<SourceRecord> records(long customerId) {
        return records(List.of(customerId)).get(customerId);
    }

    /** The source records of many customers, each customer's oldest link first, in one query. */
    public Map<Long, List<SourceRecord>> records(java.util.Collection<Long> customerIds) {
        Map<Long, List<SourceRecord>> out = new java.util.LinkedHashMap<>();
        customerIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (customerIds.isEmpty()) {
            return out;
        }
        jdbc.query("""
                select customer_id, source, source_key, received_at, record::text as record from identity_link
                where customer_id = any(cast(:ids as bigint[])) order by customer_id, id""",
                new MapSqlParameterSource("ids", customerIds.toArray(Long[]::new)), rs -> {
                    out.get(rs.getLong("customer_id")).add(SourceRecord.fromJson(rs.getString("source"),
                            rs.getString("source_key"), rs.getTimestamp("received_at").toInstant(),
                            parse(rs.getString("record"))));
                });
        return out;
    }

    /** The rule of the source record a customer made before identity links gets from their golden record. */
    private static final String BEFORE_LINKS = "golden record before identity links";

    /**
     * A customer made before source records were kept (or by hand) gets their current golden record as a source
     * record ({@code golden}, keyed by the customer id), so that deriving it again from its sources loses nothing.
     */
    public void ensureLinked(long customerId) {
        ensureLinked(customerId, null);
    }

    /** {@link #ensureLinked(long)} in a run, which records what it {@link RunWrites wrote}. */
    void ensureLinked(long customerId, RunWrites written) {
        Boolean linked = jdbc.queryForObject("select exists(select 1 from identity_link where customer_id = :c)",
                Map.of("c", customerId), Boolean.class);
        if (Boolean.TRUE.equals(linked)) {
            return;
        }
        List<SourceRecord> current = jdbc.query("select * from customer where id = :c", Map.of("c", customerId),
                (rs, i) -> new SourceRecord("golden", Long.toString(customerId),
                        rs.getTimestamp("updated_at").toInstant(), golden(rs), null, null));
        for (SourceRecord r : current) {
            link(customerId, r, BEFORE_LINKS, null);
            List<String> keys = addKeysOf(customerId, r.member());
            if (written != null) {
                written.add('L', pair(r.source(), r.sourceKey()));
                keys.forEach(k -> written.addedKey(k, customerId));
                written.changed.add(customerId);
            }
        }
    }

    /**
     * {@link #ensureLinked} for every customer without a source record (made before identity links existed, by
     * migration V66): their golden record becomes their source record and gives their blocking keys, so that
     * probabilistic matching finds them. By pages of 1,000 customers.
     *
     * @return how many customers were linked
     */
    public int linkAllUnlinked() {
        int linked = 0;
        long after = 0;
        while (true) {
            List<Long> ids = new ArrayList<>();
            List<SourceRecord> records = new ArrayList<>();
            jdbc.query("""
                    select * from customer c
                    where c.id > :after and not exists (select 1 from identity_link l where l.customer_id = c.id)
                    order by c.id limit 1000""", Map.of("after", after), rs -> {
                long id = rs.getLong("id");
                ids.add(id);
                records.add(new SourceRecord("golden", Long.toString(id), rs.getTimestamp("updated_at").toInstant(),
                        golden(rs), null, null));
            });
            if (ids.isEmpty()) {
                return linked;
            }
            long[] customers = ids.stream().mapToLong(Long::longValue).toArray();
            String[] rules = new String[customers.length];
            java.util.Arrays.fill(rules, BEFORE_LINKS);
            linkAll(customers, records, rules, new CandidateMatcher.Match[customers.length]);
            List<String> keys = new ArrayList<>();
            List<Long> owners = new ArrayList<>();
            for (int i = 0; i < customers.length; i++) {
                for (String k : CandidateMatcher.blockingKeys(SourceRecord.person(ids.get(i).toString(),
                        records.get(i).member()))) {
                    keys.add(k);
                    owners.add(customers[i]);
                }
            }
            insertKeys(keys, owners);
            linked += customers.length;
            after = customers[customers.length - 1];
        }
    }

    /**
     * Every customer's blocking keys computed again from their source records (after a change of the key rules, by
     * migration), by pages of 1,000 customers: each page's keys deleted and inserted in three statements.
     *
     * @return how many customers' keys were rebuilt
     */
    public int rebuildAllKeys() {
        int rebuilt = 0;
        long after = 0;
        while (true) {
            List<Long> ids = jdbc.queryForList("""
                    select distinct customer_id from identity_link where customer_id > :after
                    order by customer_id limit 1000""", Map.of("after", after), Long.class);
            if (ids.isEmpty()) {
                return rebuilt;
            }
            Map<Long, List<SourceRecord>> records = records(ids);
            List<String> keys = new ArrayList<>();
            List<Long> owners = new ArrayList<>();
            records.forEach((id, rs) -> {
                Set<String> own = new LinkedHashSet<>();
                for (SourceRecord r : rs) {
                    own.addAll(CandidateMatcher.blockingKeys(SourceRecord.person(id.toString(), r.member())));
                }
                own.forEach(k -> {
                    keys.add(k);
                    owners.add(id);
                });
            });
            jdbc.update("delete from customer_match_key where customer_id = any(cast(:ids as bigint[]))",
                    new MapSqlParameterSource("ids", ids.toArray(Long[]::new)));
            insertKeys(keys, owners);
            rebuilt += ids.size();
            after = ids.get(ids.size() - 1);
        }
    }

    /** A customer's links for the admin API, explanations as JSON objects. */
    public List<Map<String, Object>> explain(long customerId) {
        return jdbc.query("""
                select id, source, source_key, rule, weight, score, fields::text as fields, linked_at, received_at,
                       unmerged_from, unmerged_at
                from identity_link where customer_id = :c order by id""", Map.of("c", customerId), (rs, i) -> {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("id", rs.getLong("id"));
            out.put("source", rs.getString("source"));
            out.put("source_key", rs.getString("source_key"));
            out.put("rule", rs.getString("rule"));
            out.put("weight", rs.getObject("weight"));
            out.put("score", rs.getObject("score"));
            out.put("fields", rs.getString("fields") == null ? null : parse(rs.getString("fields")));
            out.put("linked_at", rs.getObject("linked_at", java.time.OffsetDateTime.class));
            out.put("received_at", rs.getObject("received_at", java.time.OffsetDateTime.class));
            out.put("unmerged_from", rs.getObject("unmerged_from"));
            out.put("unmerged_at", rs.getObject("unmerged_at", java.time.OffsetDateTime.class));
            return out;
        });
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("identity_link holds invalid JSON", e);
        }
    }
}
