package io.activationhub.customer;

import io.activationhub.consent.ConsentLedger;
import io.activationhub.consent.ConsentStatus;
import io.activationhub.identity.CandidateMatcher;
import io.activationhub.privacy.Identifiers;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Members into golden records: clean each member, find the customer it belongs to by its strongest identity (card,
 * then email, then mobile), else by probabilistic matching against the customers sharing a blocking key
 * ({@link IdentityLinks}), create one when none matches, keep the source record with the rule (and score) that linked
 * it, derive the golden record from all the customer's source records ({@link GoldenRecords}), attach every identity
 * with the rule that linked it, and
 * record the opt-ins in the consent ledger with their proof (an erased person's identifiers, kept as tombstones, are
 * never marketable again, whatever the source says). Loyalty runs come through {@link #reconcileRun}; other
 * sources of members (web registrations) through {@link #reconcile} with their own {@link Origin}.
 */
@Component
public class LoyaltyMemberReconciliation {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LoyaltyMemberReconciliation.class);
    /** The channels a member's record carries an opt-in for, in the order of {@code optinEmail ... optinAds}. */
    private static final String[] MEMBER_CHANNELS = {"email", "sms", "postal", "ads"};

    /**
     * Where a member comes from.
     *
     * @param label         names the source in identity link rules ("loyalty member", "web registration 1f2e...")
     * @param consentSource the consent ledger's source (feed id, "web-form")
     * @param proof         the consent proof (file and line, form submission id and IP)
     * @param consentAt     when the choices were made ({@code null}: now)
     * @param linkSource    the kind of source record ({@code loyalty}, {@code registration}) in {@code identity_link}
     * @param linkKey       the source record's key there (card number, submission id)
     * @param receivedAt    when the source record was received (survivorship's "recent")
     */
    public record Origin(String label, String consentSource, String proof, Instant consentAt, String linkSource,
                         String linkKey, Instant receivedAt) {
    }

    /** The customer a member landed on, and the rule that put it there. */
    public record Outcome(long customerId, boolean created, String rule) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ConsentLedger consents;
    private final MemberCleaner cleaner;
    private final io.activationhub.feed.DataQualityReports quality;

    private final IdentityLinks links;
    private final GoldenRecords golden;

    public LoyaltyMemberReconciliation(NamedParameterJdbcTemplate jdbc, ConsentLedger consents, MemberCleaner cleaner,
                                       io.activationhub.feed.DataQualityReports quality, IdentityLinks links,
                                       GoldenRecords golden) {
        this.links = links;
        this.golden = golden;
        this.quality = quality;
        this.jdbc = jdbc;
        this.consents = consents;
        this.cleaner = cleaner;
    }

    /** Whether a run reads what its next batch needs ahead, on the preparing thread (package-private for tests). */
    boolean readAhead = true;
    /** Candidates taken from reading ahead, over all runs (for tests and logs). */
    final java.util.concurrent.atomic.AtomicLong candidatesReadAhead = new java.util.concurrent.atomic.AtomicLong();
    /** Blocking keys whose owners were read in a run's transaction (tests). */
    final java.util.concurrent.atomic.AtomicLong keysReadInRun = new java.util.concurrent.atomic.AtomicLong();
    /** How many blocking keys given a run keeps exactly ({@link IdentityLinks.RunWrites}; tests make it small). */
    int keysAddedMax = IdentityLinks.RunWrites.KEYS_ADDED_MAX;

    /** Members are read, cleaned and reconciled this many at a time: memory stays bounded whatever the file size. */
    static final int CHUNK = 1000;

    /**
     * A run's members, 1,000 at a time, in line order. While one page is matched and stored (PostgreSQL's work, on
     * the caller's transaction), the next is read and handed to another thread that cleans it and prepares it
     * ({@link Prepared}): the two cores work at once, and at most two pages are held.
     */
    public ReconciliationSummary reconcileRun(long runId) {
        String source = jdbc.queryForObject("select coalesce(source_name, '') from feed_run where id = :run",
                Map.of("run", runId), String.class);
        int created = 0;
        int updated = 0;
        io.activationhub.feed.DataQualityCounts counts = new io.activationhub.feed.DataQualityCounts();
        Instant receivedAt = Instant.now();
        Phases phases = new Phases();
        IdentityLinks.CandidateCache cache = links.newCandidateCache();
        java.util.concurrent.ExecutorService preparer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reconcile-prepare-run-" + runId);
            t.setDaemon(true);
            return t;
        });
        try {
            List<RawMember> page = readPage(runId, -1);
            phases.mark("read");
            // what this run wrote: what was read ahead of it is out of date
            IdentityLinks.RunWrites written = new IdentityLinks.RunWrites(keysAddedMax);
            java.util.concurrent.Future<Prepared> next = preparer.submit(
                    () -> readAhead(prepare(page, source, runId, receivedAt), cache));
            while (next != null) {
                Prepared current = await(next);
                phases.mark("wait for clean");
                if (current.members().size() == CHUNK) {
                    List<RawMember> following = readPage(runId, current.lastLine());
                    next = preparer.submit(() -> readAhead(prepare(following, source, runId, receivedAt), cache));
                } else {
                    next = null;
                }
                counts.addAll(current.counts());
                phases.mark("read");
                List<Outcome> outcomes = reconcilePrepared(current, cache, written, phases);
                List<String[]> linked = new ArrayList<>(outcomes.size());
                for (int i = 0; i < outcomes.size(); i++) {
                    if (outcomes.get(i).created()) {
                        created++;
                    } else {
                        updated++;
                    }
                    linked.add(new String[]{current.members().get(i).cardNumber(),
                            Long.toString(outcomes.get(i).customerId())});
                }
                if (!linked.isEmpty()) {
                    jdbc.update("""
                            update loyalty_member m set customer_id = x.c
                            from unnest(cast(:card as text[]), cast(:c as bigint[])) as x(card, c)
                            where m.card_number = x.card""", columns(linked, "card", "c"));
                }
                phases.mark("card owners");
            }
        } finally {
            preparer.shutdownNow();
        }
        quality.add(runId, counts);
        log.debug("Reconciliation of run {}: {}", runId, phases);
        return new ReconciliationSummary(created, updated, 0, List.of());
    }

    private List<RawMember> readPage(long runId, long after) {
        return jdbc.query("""
                select * from loyalty_member where run_id = :run and line_no > :after order by line_no limit :n""",
                new MapSqlParameterSource("run", runId).addValue("after", after).addValue("n", CHUNK),
                (rs, i) -> RawMember.from(rs));
    }

    private static <T> T await(java.util.concurrent.Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while members were being cleaned", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * A batch of members with everything that depends on them alone: cleaned, with their origin, prepared for
     * matching ({@link IdentityLinks.Incoming}), the hashes their identifiers would have as an erased person's
     * tombstones, and the data-quality counts of their cleaning.
     */
    record Prepared(List<CleanMember> members, List<Origin> origins, IdentityLinks.Incoming incoming,
                    List<List<String>> tombstones, io.activationhub.feed.DataQualityCounts counts, long lastLine,
                    IdentityLinks.Ahead ahead) {

        Prepared withAhead(IdentityLinks.Ahead read) {
            return new Prepared(members, origins, incoming, tombstones, counts, lastLine, read);
        }
    }

    /**
     * What the batch needs from the store as committed (owners of its records, identifiers and keys, candidates), read
     * on the preparing thread with a connection of its own while the run's transaction stores the previous batch:
     * PostgreSQL works on both cores ({@link IdentityLinks#readAhead}).
     */
    private Prepared readAhead(Prepared prepared, IdentityLinks.CandidateCache cache) {
        if (!readAhead) {
            return prepared;
        }
        try {
            return prepared.withAhead(links.readAhead(prepared.incoming(), cache));
        } catch (org.springframework.dao.DataAccessException e) {
            // only an optimisation: the run's transaction reads what was not read ahead
            log.warn("Reading the next batch ahead failed, the run reads what it needs itself: {}", e.toString());
            return prepared;
        }
    }

    /** Cleans and prepares a page of a run's members (thread-safe: touches no shared state and no database). */
    private Prepared prepare(List<RawMember> page, String source, long runId, Instant receivedAt) {
        io.activationhub.feed.DataQualityCounts counts = new io.activationhub.feed.DataQualityCounts();
        List<CleanMember> members = new ArrayList<>(page.size());
        List<Origin> origins = new ArrayList<>(page.size());
        long last = -1;
        for (RawMember raw : page) {
            CleanMember member = cleaner.clean(raw, counts);
            members.add(member);
            origins.add(new Origin("loyalty member", "loyalty",
                    "file " + source + " line " + raw.lineNo() + " (run " + runId + ")",
                    member.enrolledAt() == null ? null : member.enrolledAt().toInstant(), "loyalty",
                    member.cardNumber(), receivedAt));
            last = raw.lineNo();
        }
        return prepared(members, origins, counts, last);
    }

    private static Prepared prepared(List<CleanMember> members, List<Origin> origins,
                                     io.activationhub.feed.DataQualityCounts counts, long lastLine) {
        List<SourceRecord> records = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            Origin origin = origins.get(i);
            records.add(new SourceRecord(origin.linkSource(), origin.linkKey() != null ? origin.linkKey()
                    : java.util.UUID.randomUUID().toString(),
                    origin.receivedAt() == null ? Instant.now() : origin.receivedAt(), members.get(i),
                    origin.consentSource(), origin.proof()));
        }
        return new Prepared(members, origins, IdentityLinks.Incoming.of(records), tombstones(members), counts, lastLine,
                null);
    }

    /** One cleaned member into a golden record, with its identities and consents: {@link #reconcileAll} of one. */
    public Outcome reconcile(CleanMember member, Origin origin) {
        return reconcileAll(List.of(member), List.of(origin)).get(0);
    }

    /**
     * Cleaned members into golden records, in order, as if one after the other. Each member's customer is, in this
     * order: the one its source record already belongs to; the one holding its card, email or mobile; the one the
     * identity engine finds it is (Fellegi–Sunter, against the customers sharing a blocking key, read from the store
     * for the whole batch); else a new customer, in the household of a customer at the same home. The link is stored
     * with its explanation, the golden records of the customers who gained a record are derived again from all their
     * source records, identities and consents are recorded. Reads and writes go by batch, not by member.
     * <p>
     * Within a transaction holding the reconciliation lock ({@link io.activationhub.feed.FeedRunLedger#lockReconciliation}):
     * reconciliation alone writes source records, cards, emails and mobiles, so one the batch did not find in the
     * store is inserted as new.
     */
    public List<Outcome> reconcileAll(List<CleanMember> members, List<Origin> origins) {
        return reconcileAll(members, origins, links.newCandidateCache(), new Phases());
    }

    /** {@link #reconcileAll(List, List)} with a run's candidate cache (package-private for tests). */
    List<Outcome> reconcileAll(List<CleanMember> members, List<Origin> origins, IdentityLinks.CandidateCache cache,
                               Phases phases) {
        return reconcilePrepared(prepared(members, origins, new io.activationhub.feed.DataQualityCounts(), -1), cache,
                null, phases);
    }

    /**
     * {@link #reconcileAll(List, List)} of a prepared batch, with a run's candidate cache; adds what it wrote to the
     * run's {@code written} (a run reading ahead; {@code null} otherwise).
     */
    private List<Outcome> reconcilePrepared(Prepared prepared, IdentityLinks.CandidateCache cache,
                                            IdentityLinks.RunWrites written, Phases phases) {
        List<CleanMember> members = prepared.members();
        List<Origin> origins = prepared.origins();
        int n = members.size();
        if (n == 0) {
            return List.of();
        }
        List<SourceRecord> records = prepared.incoming().records();
        IdentityLinks.Batch batch = links.prefetch(prepared.incoming(), cache, prepared.ahead(), written);
        phases.mark("prefetch");
        phases.detail("prefetch: links and identities", batch.identityNanos);
        phases.detail("prefetch: key owners", batch.keyOwnerNanos);
        phases.detail("prefetch: candidates", batch.candidateNanos);
        phases.count("candidates read", batch.candidatesRead);
        phases.count("candidates read ahead", batch.candidatesReadAhead);
        candidatesReadAhead.addAndGet(batch.candidatesReadAhead);
        phases.count("keys read", batch.keysRead);
        keysReadInRun.addAndGet(batch.keysRead);
        long[] customer = new long[n];
        boolean[] created = new boolean[n];
        String[] rules = new String[n];
        CandidateMatcher.Match[] matches = new CandidateMatcher.Match[n];
        List<Integer> fresh = new ArrayList<>();
        Set<Long> householdRoots = new LinkedHashSet<>();
        Iterator<Long> ids = null;
        for (int i = 0; i < n; i++) {
            SourceRecord record = records.get(i);
            CleanMember member = record.member();
            Long household = null;
            Optional<Long> known = batch.linkOwner(record);
            if (known.isPresent()) {
                customer[i] = known.get();
                rules[i] = "same " + record.source() + " record";
            } else {
                for (String[] key : new String[][]{{"card", member.cardNumber()}, {"email", member.email()},
                        {"mobile", member.mobile()}}) {
                    Optional<Long> id = batch.identity(key[0], key[1]);
                    // a family's shared email or mobile does not make two people one: the card is the member's own
                    if (id.isPresent() && !key[0].equals("card") && batch.clearlySomeoneElse(i, id.get())) {
                        continue;
                    }
                    if (id.isPresent()) {
                        customer[i] = id.get();
                        rules[i] = "same " + key[0];
                        break;
                    }
                }
                if (rules[i] == null) {
                    CandidateMatcher.Decision decision = batch.match(i, member);
                    if (decision.person().isPresent()) {
                        matches[i] = decision.person().get();
                        customer[i] = Long.parseLong(matches[i].candidateId());
                        rules[i] = "probabilistic";
                    } else {
                        if (ids == null) {
                            ids = newCustomerIds(n - i).iterator();
                        }
                        customer[i] = ids.next();
                        created[i] = true;
                        rules[i] = "new customer";
                        fresh.add(i);
                        if (decision.household().isPresent()) {
                            long sameHomeAs = Long.parseLong(decision.household().get());
                            household = batch.household(sameHomeAs);
                            householdRoots.add(sameHomeAs);
                        }
                    }
                }
            }
            batch.assigned(i, customer[i], record, created[i], household);
        }
        phases.mark("decide");
        Set<Long> createdIds = new LinkedHashSet<>();
        fresh.forEach(i -> createdIds.add(customer[i]));
        Set<Long> touched = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            if (!created[i]) {
                touched.add(customer[i]);
            }
        }
        // customers made before source records were kept get their golden record as one, before they gain another
        Set<Long> existing = new LinkedHashSet<>(touched);
        existing.removeAll(createdIds);
        if (!existing.isEmpty()) {
            Set<Long> linked = new java.util.HashSet<>(jdbc.queryForList(
                    "select distinct customer_id from identity_link where customer_id = any(cast(:ids as bigint[]))",
                    new MapSqlParameterSource("ids", existing.toArray(Long[]::new)), Long.class));
            existing.stream().filter(id -> !linked.contains(id)).forEach(id -> links.ensureLinked(id, written));
        }
        phases.mark("unlinked");
        insertCustomers(fresh, members, customer, batch);
        phases.mark("customers");
        householdRoots.removeAll(createdIds);
        if (!householdRoots.isEmpty()) {
            jdbc.update("""
                    update customer set household_id = coalesce(household_id, id)
                    where id = any(cast(:ids as bigint[])) and household_id is null""",
                    new MapSqlParameterSource("ids", householdRoots.toArray(Long[]::new)));
        }
        phases.mark("households");
        links.linkAll(customer, batch, rules, matches);
        phases.mark("links");
        links.addKeysAll(customer, batch);
        phases.mark("keys");
        List<String[]> identities = new ArrayList<>(3 * n);
        for (int i = 0; i < n; i++) {
            CleanMember m = members.get(i);
            String c = Long.toString(customer[i]);
            String identityRule = matches[i] == null ? rules[i]
                    : String.format(java.util.Locale.ROOT, "probabilistic (p=%.4f)", matches[i].posterior());
            identities.add(new String[]{"card", m.cardNumber(), c, identityRule});
            identities.add(new String[]{"email", m.email(), c, origins.get(i).label() + " email"});
            identities.add(new String[]{"mobile", m.mobile(), c, origins.get(i).label() + " mobile"});
        }
        // a card, email or mobile stays with whoever holds it: one the store held when the batch read it is left as
        // is, and the first of the batch to name a new one gets it (what ON CONFLICT DO NOTHING did, without the
        // unique-index check it makes first for every row)
        java.util.Set<String> named = new java.util.HashSet<>();
        identities.removeIf(row -> row[1] == null || batch.stored(row[0], row[1])
                || !named.add(IdentityLinks.pair(row[0], row[1])));
        if (!identities.isEmpty()) {
            jdbc.update("""
                    insert into customer_identity (source, source_key, customer_id, link_rule)
                    select * from unnest(cast(:s as text[]), cast(:k as text[]), cast(:c as bigint[]), cast(:rule as text[]))""",
                    columns(identities, "s", "k", "c", "rule"));
        }
        if (written != null) {
            links.wrote(batch, customer, written);
        }
        phases.mark("identities");
        // golden records of the customers who gained a record: derived again from all their source records
        Map<Long, GoldenRecords.Golden> derived = touched.isEmpty() ? Map.of() : golden.applyAll(links.records(touched));
        // the run's later batches meet these customers again: the cache holds them as they are stored now (the
        // customers this batch created and the golden records it derived), instead of reading them back; a customer
        // whose household this batch does not know, or changed, is forgotten and read again when met
        cache.forget(touched);
        cache.forget(householdRoots);
        for (int i : fresh) {
            if (!touched.contains(customer[i])) {
                cache.put(customer[i], batch.created(customer[i]));
            }
        }
        derived.forEach((id, g) -> {
            if (!householdRoots.contains(id) && batch.knowsHousehold(id)) {
                cache.remember(id, g.member(), batch.householdOf(id));
            }
        });
        if (written != null) {
            written.changed.addAll(touched);
            written.changed.addAll(householdRoots);
            written.changed.addAll(createdIds);
        }
        phases.mark("golden");
        consents(members, origins, customer, prepared.tombstones());
        phases.mark("consents");
        List<Outcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Outcome(customer[i], created[i], rules[i]));
        }
        return out;
    }

    private List<Long> newCustomerIds(int count) {
        // The sequence named as a constant: pg_get_serial_sequence in the select list ran once per id (ten times the cost).
        return jdbc.queryForList("select nextval('customer_id_seq') from generate_series(1, :n)",
                new MapSqlParameterSource("n", count), Long.class);
    }

    /** Rows of text as one array parameter per column, for {@code unnest}. */
    private static MapSqlParameterSource columns(List<String[]> rows, String... names) {
        MapSqlParameterSource p = new MapSqlParameterSource();
        for (int c = 0; c < names.length; c++) {
            String[] column = new String[rows.size()];
            for (int r = 0; r < column.length; r++) {
                column[r] = rows.get(r)[c];
            }
            p.addValue(names[c], column);
        }
        return p;
    }

    /** The new customers of a batch, in one statement, with the ids and households decided for them. */
    private void insertCustomers(List<Integer> fresh, List<CleanMember> members, long[] customer,
                                 IdentityLinks.Batch batch) {
        if (fresh.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>(fresh.size());
        for (int i : fresh) {
            CleanMember m = members.get(i);
            Long household = batch.householdOf(customer[i]);
            String[] golden = GoldenRecords.customerColumns(m);
            String[] row = new String[golden.length + 2];
            row[0] = Long.toString(customer[i]);
            System.arraycopy(golden, 0, row, 1, golden.length);
            row[row.length - 1] = household == null ? null : household.toString();
            rows.add(row);
        }
        jdbc.update("""
                insert into customer (id, civility, first_name, last_name, email, mobile, phone, birth_date,
                                      address_line2, address_line3, address_line4, address_line5, postcode, city,
                                      country, home_store_id, enrolled_at, household_id)
                select * from unnest(cast(:id as bigint[]), cast(:civility as text[]), cast(:first as text[]),
                                     cast(:last as text[]), cast(:email as text[]), cast(:mobile as text[]),
                                     cast(:phone as text[]), cast(:birth as date[]), cast(:l2 as text[]),
                                     cast(:l3 as text[]), cast(:l4 as text[]), cast(:l5 as text[]),
                                     cast(:postcode as text[]), cast(:city as text[]), cast(:country as text[]),
                                     cast(:store as text[]), cast(:enrolled as timestamptz[]),
                                     cast(:household as bigint[]))""",
                columns(rows, "id", "civility", "first", "last", "email", "mobile", "phone", "birth", "l2", "l3", "l4",
                        "l5", "postcode", "city", "country", "store", "enrolled", "household"));
    }

    /**
     * Opt-ins into the consent ledger with their proof, for the whole batch at once and in its order; the ledger
     * appends only a change (a new customer has nothing to compare with). An erased person's identifiers make them
     * not marketable, whatever the source says.
     */
    private void consents(List<CleanMember> members, List<Origin> origins, long[] customer,
                          List<List<String>> tombstones) {
        Set<Integer> erased = erased(tombstones);
        List<ConsentLedger.Choice> choices = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            CleanMember member = members.get(i);
            Origin origin = origins.get(i);
            long customerId = customer[i];
            if (erased.contains(i)) {
                // this person asked to be erased: whatever the file or form says, they are not marketable
                for (String channel : MEMBER_CHANNELS) {
                    choices.add(new ConsentLedger.Choice(customerId, channel, ConsentStatus.DENIED, "consent",
                            "erasure-tombstone", origin.proof() + ": identifier of an erased person", null));
                }
            } else {
                ConsentStatus[] statuses = {member.optinEmail(), member.optinSms(), member.optinPostal(),
                        member.optinAds()};
                for (int c = 0; c < MEMBER_CHANNELS.length; c++) {
                    if (statuses[c] != null) {
                        choices.add(new ConsentLedger.Choice(customerId, MEMBER_CHANNELS[c], statuses[c], "consent",
                                origin.consentSource(), origin.proof(), origin.consentAt()));
                    }
                }
            }
        }
        consents.recordAllIfChanged(choices);
    }

    /** Each member's identifiers as an erased person's tombstones would hold them. */
    private static List<List<String>> tombstones(List<CleanMember> members) {
        List<List<String>> hashes = new ArrayList<>(members.size());
        for (CleanMember m : members) {
            List<String> h = new ArrayList<>(4);
            if (m.email() != null) {
                h.add(Identifiers.tombstone("email", m.email()));
            }
            for (String p : new String[]{m.mobile(), m.phone()}) {
                if (p != null) {
                    h.add(Identifiers.tombstone("phone", p));
                }
            }
            if (m.cardNumber() != null) {
                h.add(Identifiers.tombstone("card", m.cardNumber()));
            }
            hashes.add(h);
        }
        return hashes;
    }

    /** The members carrying an identifier of an erased person (a tombstone), by index; one query for the batch. */
    private Set<Integer> erased(List<List<String>> hashes) {
        List<String> all = new ArrayList<>();
        hashes.forEach(all::addAll);
        Set<Integer> out = new java.util.HashSet<>();
        if (all.isEmpty()) {
            return out;
        }
        Set<String> found = new java.util.HashSet<>(jdbc.queryForList(
                "select identifier_hash from erasure_tombstone where identifier_hash = any(cast(:h as text[]))",
                new MapSqlParameterSource("h", all.toArray(String[]::new)), String.class));
        if (found.isEmpty()) {
            return out;
        }
        for (int i = 0; i < hashes.size(); i++) {
            if (hashes.get(i).stream().anyMatch(found::contains)) {
                out.add(i);
            }
        }
        return out;
    }
}
