package io.activationhub.customer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationhub.consent.ConsentLedger;
import io.activationhub.consent.ConsentStatus;
import io.activationhub.feed.DataQualityReports;
import io.activationhub.identity.FrenchPeople;
import io.activationhub.identity.PersonRecord;
import io.activationhub.infra.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set-based parts of reconciliation against a real PostgreSQL (embedded, no Spring): consents recorded for a
 * whole batch behave as if recorded one by one, golden records derived for many customers in one update keep the
 * PND rule, and the run's candidate cache changes nothing in the outcome, only the reads.
 */
class BatchedReconciliationTest {

    private static EmbeddedPostgresServer pg;
    private static HikariDataSource ds;
    private static JdbcTemplate jdbc;
    private static NamedParameterJdbcTemplate named;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Path.of("target/test-hubs/batched-reconciliation/postgres").toAbsolutePath();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.getParent());
        pg = new EmbeddedPostgresServer(dir, 0, System.err::println);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.jdbcUrl());
        config.setUsername("postgres");
        config.setPassword("");
        config.setMaximumPoolSize(2);
        ds = new HikariDataSource(config);
        jdbc = new JdbcTemplate(ds);
        named = new NamedParameterJdbcTemplate(ds);
    }

    @AfterAll
    static void stop() throws Exception {
        ds.close();
        pg.close();
    }

    @BeforeEach
    void emptyStore() {
        jdbc.execute("drop schema public cascade");
        jdbc.execute("create schema public");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc.update("insert into feed (id, kind) values ('loyalty', 'loyalty')");
    }

    private long customer(String first) {
        return jdbc.queryForObject("insert into customer (first_name, last_name) values (?, 'Test') returning id",
                Long.class, first);
    }

    /** The reconciliation under test, with these identity links and the default settings for the rest. */
    private static LoyaltyMemberReconciliation reconciliation(IdentityLinks links) {
        return reconciliation(links, new GoldenSettings(null, null, null));
    }

    /** Survivorship with the movers' rule for the address, as the hub is configured (application.properties). */
    private static final GoldenSettings MOVERS = new GoldenSettings(List.of("loyalty", "registration"),
            Map.of("address", List.of("recent-place", "complete", "recent", "trusted")), null);

    private static LoyaltyMemberReconciliation reconciliation(IdentityLinks links, GoldenSettings golden) {
        return new LoyaltyMemberReconciliation(named, new ConsentLedger(named), new MemberCleaner(),
                new DataQualityReports(named), links, new GoldenRecords(named, golden));
    }

    private String current(long customer, String channel) {
        return new ConsentLedger(named).current(customer, channel);
    }

    @Test
    void consentChoicesOfABatchAreRecordedAsIfOneAfterTheOther() {
        ConsentLedger ledger = new ConsentLedger(named);
        long a = customer("A");
        long b = customer("B");
        Instant t1 = Instant.parse("2025-01-01T00:00:00Z");
        Instant t2 = Instant.parse("2025-06-01T00:00:00Z");
        ledger.record(a, "email", ConsentStatus.GRANTED, "consent", "seed", "seed", t1);
        int appended = ledger.recordAllIfChanged(List.of(
                // repeats the current state: nothing
                new ConsentLedger.Choice(a, "email", ConsentStatus.GRANTED, "consent", "f", "line 1", t2),
                // a change, then the same change again: once
                new ConsentLedger.Choice(b, "sms", ConsentStatus.DENIED, "consent", "f", "line 2", t1),
                new ConsentLedger.Choice(b, "sms", ConsentStatus.DENIED, "consent", "f", "line 3", t1),
                // a later withdrawal becomes current
                new ConsentLedger.Choice(a, "email", ConsentStatus.WITHDRAWN, "consent", "f", "line 4", t2),
                // an older choice is appended (it differs from the current) but does not become current
                new ConsentLedger.Choice(b, "sms", ConsentStatus.GRANTED, "consent", "f", "line 5",
                        Instant.parse("2024-01-01T00:00:00Z")),
                // and so the next choice repeating the current state is still nothing
                new ConsentLedger.Choice(b, "sms", ConsentStatus.DENIED, "consent", "f", "line 6", t2)));
        assertThat(appended).isEqualTo(3);
        assertThat(current(a, "email")).isEqualTo("withdrawn");
        assertThat(current(b, "sms")).isEqualTo("denied");
        assertThat(jdbc.queryForList("select proof from consent_event order by id", String.class))
                .containsExactly("seed", "line 2", "line 4", "line 5");
        // the one-by-one path agrees on what is current
        assertThat(ledger.recordIfChanged(b, "sms", ConsentStatus.DENIED, "consent", "f", "line 7", t2)).isFalse();
    }

    @Test
    void goldenRecordsOfManyCustomersInOneUpdateKeepThePndRule() {
        GoldenRecords golden = new GoldenRecords(named, new GoldenSettings(null, null, null));
        long same = customer("Same");
        long moved = customer("Moved");
        String oldAddress = PostalAddressKey.of(null, null, "4 AV DESFEUX", null, "92100", "BOULOGNE BILLANCOURT", "FR");
        jdbc.update("""
                update customer set postal_undeliverable_at = current_date, postal_undeliverable_reason = 'NPAI',
                       postal_undeliverable_hash = ? where id in (?, ?)""", oldAddress, same, moved);
        CleanMember atOldAddress = new CleanMember("C1", "S01", null, "MME", "Delphine", "Pilliard", null,
                "d@example.org", null, null, null, null, "4 AV DESFEUX", null, "92100", "BOULOGNE BILLANCOURT", "FR",
                null, null, null);
        CleanMember atNewAddress = new CleanMember("C2", "S01", null, "M", "Paul", "Garnier", null, "p@example.org",
                null, null, null, null, "10 RUE DES LILAS", null, "69003", "LYON", "FR", null, null, null);
        Map<Long, List<SourceRecord>> records = new java.util.LinkedHashMap<>();
        records.put(same, List.of(new SourceRecord("loyalty", "C1", Instant.now(), atOldAddress, "loyalty", "t")));
        records.put(moved, List.of(new SourceRecord("loyalty", "C2", Instant.now(), atNewAddress, "loyalty", "t")));
        Map<Long, GoldenRecords.Golden> derived = golden.applyAll(records);
        assertThat(derived).containsOnlyKeys(same, moved);
        Map<String, Object> s = jdbc.queryForMap("select * from customer where id = ?", same);
        Map<String, Object> m = jdbc.queryForMap("select * from customer where id = ?", moved);
        assertThat(s.get("first_name")).isEqualTo("Delphine");
        assertThat(s.get("postal_undeliverable_hash")).isEqualTo(oldAddress);
        assertThat(s.get("postal_undeliverable_reason")).isEqualTo("NPAI");
        assertThat(m.get("first_name")).isEqualTo("Paul");
        assertThat(m.get("city")).isEqualTo("LYON");
        assertThat(m.get("postal_undeliverable_hash")).isNull();
        assertThat(m.get("postal_undeliverable_reason")).isNull();
        assertThat(m.get("postal_undeliverable_at")).isNull();
    }

    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** Generated members (duplicates, households, namesakes) loaded as runs of {@code fileSize}; the run ids. */
    private List<Long> load(int people, int fileSize) {
        return load(people, fileSize, false);
    }

    /**
     * With {@code copiesInNextBatch}, the noisy copies of the people whose first record is the 2,001st to the 3,000th
     * come right after the 3,000th record: in files of 2,000, the second file's second batch meets the people of its
     * first batch again (in the run's transaction, not committed yet).
     */
    private List<Long> load(int people, int fileSize, boolean copiesInNextBatch) {
        List<PersonRecord> records = new ArrayList<>(FrenchPeople.generate(people, 0.10, 11).records());
        if (copiesInNextBatch) {
            List<PersonRecord> firsts = records.stream().filter(p -> p.cardNumber() != null).toList();
            // a person's records are P12-0 (first), P12-1, P12-2 (copies); households and namesakes have one
            java.util.function.Function<PersonRecord, String> person = p -> p.id().replaceFirst("-\\d+$", "");
            java.util.Set<String> secondBatch = firsts.subList(2_000, 3_000).stream().map(person)
                    .collect(java.util.stream.Collectors.toSet());
            List<PersonRecord> copies = records.stream().filter(p -> p.cardNumber() == null).toList();
            records = new ArrayList<>(firsts.subList(0, 3_000));
            copies.stream().filter(p -> secondBatch.contains(person.apply(p))).forEach(records::add);
            records.addAll(firsts.subList(3_000, firsts.size()));
            copies.stream().filter(p -> !secondBatch.contains(person.apply(p))).forEach(records::add);
        }
        List<Long> runs = new ArrayList<>();
        for (int from = 0; from < records.size(); from += fileSize) {
            List<PersonRecord> file = records.subList(from, Math.min(records.size(), from + fileSize));
            long run = jdbc.queryForObject("""
                    insert into feed_run (feed_id, source_name, status, ended_at, read_count, accepted_count)
                    values ('loyalty', ?, 'SUCCEEDED', now(), ?, ?) returning id""", Long.class,
                    "members-" + (runs.size() + 1) + ".csv", file.size(), file.size());
            runs.add(run);
            List<Object[]> rows = new ArrayList<>();
            int line = 1;
            for (PersonRecord p : file) {
                rows.add(new Object[]{p.cardNumber() != null ? p.cardNumber() : "D" + p.id(), "S01", "2024-01-15",
                        p.firstName(), p.lastName(), p.birthDate() == null ? null : FR.format(p.birthDate()), p.email(),
                        p.phone(), p.mobile(), p.street() == null ? null
                        : (p.streetNumber() == null ? "" : p.streetNumber() + " ") + p.street(), p.postcode(),
                        p.city(), "FR", (line % 3 == 0) ? "0" : "1", "0", "1", run, ++line});
            }
            jdbc.batchUpdate("""
                    insert into loyalty_member (card_number, store_id, enrolled_at, first_name, last_name, birth_date,
                                                email, phone, mobile, address_line1, postcode, city, country,
                                                optin_email, optin_sms, optin_postal, run_id, line_no)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        }
        return runs;
    }

    /**
     * What reconciliation made of the members, independent of generated ids: for each card, the smallest card of its
     * customer, that customer's golden first name, last name and postcode, household size, and consent count.
     */
    private Map<String, String> outcome() {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("""
                select i.source_key as card,
                       min(i2.source_key) as first_card,
                       c.first_name, c.last_name, c.postcode, c.email,
                       (select count(*) from customer h where h.household_id = c.household_id) as household,
                       (select count(*) from consent_event e where e.customer_id = c.id) as consents,
                       (select string_agg(l.rule, ',' order by l.id) from identity_link l where l.customer_id = c.id) as rules
                from customer_identity i
                join customer c on c.id = i.customer_id
                join customer_identity i2 on i2.customer_id = c.id and i2.source = 'card'
                where i.source = 'card'
                group by i.source_key, c.id""", rs -> {
            out.put(rs.getString("card"), String.join("|", rs.getString("first_card"), rs.getString("first_name"),
                    rs.getString("last_name"), rs.getString("postcode"), rs.getString("email"),
                    rs.getString("household"), rs.getString("consents"), rs.getString("rules")));
        });
        return out;
    }

    private Map<String, String> reconcile(int candidateCache) {
        return reconcile(load(2_500, 1_500), candidateCache, true).outcome;
    }

    private record Reconciled(Map<String, String> outcome, long readAhead, long keysReadInRun) {
    }

    private Reconciled reconcile(List<Long> runs, int candidateCache, boolean readAhead) {
        return reconcile(runs, candidateCache, readAhead, IdentityLinks.RunWrites.KEYS_ADDED_MAX);
    }

    private Reconciled reconcile(List<Long> runs, int candidateCache, boolean readAhead, int keysAddedMax) {
        LoyaltyMemberReconciliation reconciliation = reconciliation(new IdentityLinks(named, new IdentitySettings(null, null, null, candidateCache)));
        reconciliation.readAhead = readAhead;
        reconciliation.keysAddedMax = keysAddedMax;
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        for (long run : runs) {
            tx.execute(status -> reconciliation.reconcileRun(run));
        }
        return new Reconciled(outcome(), reconciliation.candidatesReadAhead.get(), reconciliation.keysReadInRun.get());
    }

    @Test
    void aCandidateTheRunChangedIsReadInTheRunNotTakenFromWhatWasReadAhead() {
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, 1_000));
        LoyaltyMemberReconciliation reconciliation = reconciliation(links);
        long delphine = new TransactionTemplate(new DataSourceTransactionManager(ds)).execute(s -> reconciliation.reconcile(
                member("C1", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null),
                origin("C1", "2025-01-01T00:00:00Z")).customerId());
        CleanMember again = member("C2", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null);
        IdentityLinks.Incoming in = IdentityLinks.Incoming.of(List.of(new SourceRecord("loyalty", "C2",
                Instant.parse("2025-02-01T00:00:00Z"), again, "loyalty", "test C2")));
        // what reading ahead had found for that customer before the run changed it (here: someone else entirely)
        IdentityLinks.Ahead read = links.readAhead(in, links.newCandidateCache());
        assertThat(read.candidates()).containsKey(delphine);
        IdentityLinks.Ahead ahead = new IdentityLinks.Ahead(read.links(), read.identities(), read.keyOwners(),
                Map.of(delphine, new IdentityLinks.CandidateCache.Candidate(
                        io.activationhub.identity.CandidateMatcher.prepare(SourceRecord.person(Long.toString(delphine),
                                member("C9", "Zoé", "1 RUE DU PORT", "13002", "MARSEILLE", null))), null)));

        // changed by the run: read again in the run, and found to be the same person
        IdentityLinks.RunWrites changed = new IdentityLinks.RunWrites();
        changed.changed.add(delphine);
        assertThat(links.prefetch(in, links.newCandidateCache(), ahead, changed).match(0, again)
                .person()).map(io.activationhub.identity.CandidateMatcher.Match::candidateId)
                .contains(Long.toString(delphine));
        // not changed by the run: what was read ahead is taken as it is
        assertThat(links.prefetch(in, links.newCandidateCache(), ahead, new IdentityLinks.RunWrites()).match(0, again)
                .person()).isEmpty();
        // keys the run gave her: nobody holds them as committed, and the run's customer is found without reading them
        IdentityLinks.Ahead beforeTheRun = new IdentityLinks.Ahead(Map.of(), Map.of(), Map.of(), Map.of());
        assertThat(links.prefetch(in, links.newCandidateCache(), beforeTheRun, new IdentityLinks.RunWrites())
                .match(0, again).person()).isEmpty();
        IdentityLinks.RunWrites keys = new IdentityLinks.RunWrites();
        read.keyOwners().keySet().forEach(k -> keys.addedKey(k, delphine));
        IdentityLinks.Batch known = links.prefetch(in, links.newCandidateCache(), beforeTheRun, keys);
        assertThat(known.match(0, again).person())
                .map(io.activationhub.identity.CandidateMatcher.Match::candidateId).contains(Long.toString(delphine));
        assertThat(known.keysRead).isZero();
        // past what the run keeps of the keys it gave (here nothing), a key it may have given is read in the run
        IdentityLinks.RunWrites forgotten = new IdentityLinks.RunWrites(0);
        read.keyOwners().keySet().forEach(k -> forgotten.addedKey(k, delphine));
        assertThat(forgotten.knowsKeysAdded()).isFalse();
        IdentityLinks.Batch reread = links.prefetch(in, links.newCandidateCache(), beforeTheRun, forgotten);
        assertThat(reread.match(0, again).person())
                .map(io.activationhub.identity.CandidateMatcher.Match::candidateId).contains(Long.toString(delphine));
        assertThat(reread.keysRead).isEqualTo(read.keyOwners().size());
    }

    @Test
    void candidatesReadAheadOutsideTheRunChangeNothing() {
        // runs of two batches; the second run's second batch meets people of its own first batch (not committed: read
        // in the run), and the third run people of the first two (committed: read ahead)
        Reconciled inTheRun = reconcile(load(3_500, 2_000, true), 0, false);
        emptyStore();
        Reconciled ahead = reconcile(load(3_500, 2_000, true), 0, true);
        assertThat(inTheRun.readAhead()).isZero();
        assertThat(ahead.readAhead()).isGreaterThan(100);
        assertThat(ahead.outcome()).hasSizeGreaterThan(3_500).isEqualTo(inTheRun.outcome());
        // the owners of the keys the run gave are those read ahead and those it added: no key is read in the run
        assertThat(inTheRun.keysReadInRun()).isGreaterThan(1_000);
        assertThat(ahead.keysReadInRun()).isZero();
        // past what the run keeps of the keys it gave, the keys it may have given are read in the run, same outcome
        emptyStore();
        Reconciled overflowing = reconcile(load(3_500, 2_000, true), 0, true, 100);
        assertThat(overflowing.keysReadInRun()).isGreaterThan(100);
        assertThat(overflowing.outcome()).isEqualTo(inTheRun.outcome());
        // the copies were found by their email, mobile and by matching
        assertThat(ahead.outcome().values().stream().filter(v -> v.contains("same email")).count()).isGreaterThan(50);
        assertThat(ahead.outcome().values().stream().filter(v -> v.contains("probabilistic")).count())
                .isGreaterThan(50);
        // and with a cache, which reading ahead skips
        emptyStore();
        Reconciled cached = reconcile(load(3_500, 2_000, true), 100_000, true);
        assertThat(cached.outcome()).isEqualTo(inTheRun.outcome());
    }

    @Test
    void theCandidateCacheChangesNothingButTheReads() {
        Map<String, String> without = reconcile(0);
        emptyStore();
        Map<String, String> with = reconcile(100_000);
        assertThat(without).hasSizeGreaterThan(2_500);
        // some members joined an existing customer by probabilistic matching, across batches and runs
        assertThat(without.values().stream().filter(v -> v.contains("probabilistic")).count()).isGreaterThan(50);
        assertThat(with).isEqualTo(without);
    }

    @Test
    void membersCleanedOnAnotherThreadAreCountedOnceEachInTheRunsQualityReport() {
        reconcile(0);
        // the same members cleaned here, one by one: the run's report (pages cleaned while the previous page was
        // stored) holds exactly these counts
        io.activationhub.feed.DataQualityCounts expected = new io.activationhub.feed.DataQualityCounts();
        MemberCleaner cleaner = new MemberCleaner();
        jdbc.query("select * from loyalty_member order by run_id, line_no", rs -> {
            cleaner.clean(RawMember.from(rs), expected);
        });
        Map<String, Long> stored = new TreeMap<>();
        jdbc.query("select field, outcome, code, sum(count) as n from data_quality_count group by 1, 2, 3", rs -> {
            stored.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getLong(4));
        });
        Map<String, Long> want = new TreeMap<>();
        expected.counts().forEach((k, n) -> want.put(k.field() + "/" + k.outcome() + "/" + k.code(), n));
        assertThat(want).isNotEmpty();
        assertThat(stored).isEqualTo(want);
        assertThat(jdbc.queryForObject("select count(*) from loyalty_member where customer_id is null", Long.class))
                .as("every member of every page has its customer").isZero();
    }

    private static CleanMember member(String card, String first, String line4, String postcode, String city,
                                      String email) {
        return new CleanMember(card, "S01", null, null, first, "Pilliard", null, email, null, null, null, null, line4,
                null, postcode, city, "FR", null, null, null);
    }

    private static LoyaltyMemberReconciliation.Origin origin(String card, String at) {
        return new LoyaltyMemberReconciliation.Origin("loyalty member", "loyalty", "test " + card, null, "loyalty", card,
                Instant.parse(at));
    }

    @Test
    void customersABatchStoredAreCachedAsStoredNotReadBack() {
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, 1_000));
        LoyaltyMemberReconciliation reconciliation = reconciliation(links);
        IdentityLinks.CandidateCache cache = links.newCandidateCache();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        // a batch creates Delphine and Marc, and gives Paul (made before) a second record
        long paul = tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C7", "Paul", "8 RUE DE LA PAIX", "75002", "PARIS", "p@example.org")),
                List.of(origin("C7", "2025-01-01T00:00:00Z"))).get(0).customerId());
        Phases first = new Phases();
        List<LoyaltyMemberReconciliation.Outcome> made = tx.execute(s -> reconciliation.reconcileAll(List.of(
                        member("C1", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null),
                        member("C2", "Marc", "20 RUE VOLTAIRE", "69003", "LYON", null),
                        member("C8", "Paul", "8 RUE DE LA PAIX", "75002", "PARIS", "p@example.org")),
                List.of(origin("C1", "2025-02-01T00:00:00Z"), origin("C2", "2025-02-01T00:00:00Z"),
                        origin("C8", "2025-02-01T00:00:00Z")), cache, first));
        assertThat(made.get(0).created()).isTrue();
        assertThat(made.get(2).customerId()).isEqualTo(paul);
        long delphine = made.get(0).customerId();
        // the next batch meets them again by their blocking keys: nothing is read back, all are found as stored
        Phases second = new Phases();
        List<LoyaltyMemberReconciliation.Outcome> again = tx.execute(s -> reconciliation.reconcileAll(List.of(
                        member("C3", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null),
                        member("C4", "Marc", "20 RUE VOLTAIRE", "69003", "LYON", null),
                        member("C9", "Paul", "8 RUE DE LA PAIX", "75002", "PARIS", null)),
                List.of(origin("C3", "2025-03-01T00:00:00Z"), origin("C4", "2025-03-01T00:00:00Z"),
                        origin("C9", "2025-03-01T00:00:00Z")), cache, second));
        assertThat(again).extracting(LoyaltyMemberReconciliation.Outcome::customerId)
                .containsExactly(delphine, made.get(1).customerId(), paul);
        assertThat(again).extracting(LoyaltyMemberReconciliation.Outcome::rule).containsOnly("probabilistic");
        assertThat(second.count("candidates read")).isZero();
        // without the cache, the same customers are read back from the store
        Phases uncached = new Phases();
        tx.execute(s -> reconciliation.reconcileAll(List.of(
                        member("C5", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)),
                List.of(origin("C5", "2025-04-01T00:00:00Z")), links.newCandidateCache(), uncached));
        assertThat(uncached.count("candidates read")).isPositive();
    }

    @Test
    void aKeySharedByMoreCustomersThanTheBlockSizeYieldsNoCandidateAndIsNotReadAgainInTheRun() {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        IdentityLinks wide = new IdentityLinks(named, new IdentitySettings(null, null, 3, 1_000));
        long delphine = tx.execute(s -> reconciliation(wide).reconcileAll(
                List.of(member("C1", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)),
                List.of(origin("C1", "2025-01-01T00:00:00Z"))).get(0).customerId());
        // two other customers hold each key of the records to come ("D", street without number), which she holds too
        List<String> keys = io.activationhub.identity.CandidateMatcher.blockingKeys(SourceRecord.person("x",
                member("C0", "D", "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)));
        assertThat(jdbc.queryForList("select match_key from customer_match_key where customer_id = ?", String.class,
                delphine)).containsAnyElementsOf(keys);
        for (String first : List.of("Other1", "Other2")) {
            long other = customer(first);
            keys.forEach(k -> jdbc.update("insert into customer_match_key (match_key, customer_id) values (?, ?)", k, other));
        }
        // a block of three is within a bound of 3: she is found again
        LoyaltyMemberReconciliation.Outcome within = tx.execute(s -> reconciliation(wide).reconcileAll(
                List.of(member("C2", "D", "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)),
                List.of(origin("C2", "2025-02-01T00:00:00Z")), wide.newCandidateCache(), new Phases()).get(0));
        assertThat(within.rule()).isEqualTo("probabilistic");
        assertThat(within.customerId()).isEqualTo(delphine);
        // with a bound of 2 her keys are too common to say anything: a new customer, and the run remembers the keys
        IdentityLinks narrow = new IdentityLinks(named, new IdentitySettings(null, null, 2, 1_000));
        IdentityLinks.CandidateCache run = narrow.newCandidateCache();
        LoyaltyMemberReconciliation.Outcome beyond = tx.execute(s -> reconciliation(narrow).reconcileAll(
                List.of(member("C3", "D", "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)),
                List.of(origin("C3", "2025-03-01T00:00:00Z")), run, new Phases()).get(0));
        assertThat(beyond.created()).isTrue();
        assertThat(run.tooCommon).containsAll(jdbc.queryForList(
                "select match_key from customer_match_key where customer_id = ?", String.class, beyond.customerId()));
        // the run's next batch does not read them again: with all but her rows gone, they stay too common in this run
        jdbc.update("delete from customer_match_key where customer_id <> ?", delphine);
        LoyaltyMemberReconciliation.Outcome sameRun = tx.execute(s -> reconciliation(narrow).reconcileAll(
                List.of(member("C4", "D", "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)),
                List.of(origin("C4", "2025-04-01T00:00:00Z")), run, new Phases()).get(0));
        assertThat(sameRun.created()).isTrue();
        // a new run reads them: a block of one again (the customer C4 made, who would fit as well, is left out), and
        // she is found
        jdbc.update("delete from customer_match_key where customer_id <> ?", delphine);
        LoyaltyMemberReconciliation.Outcome nextRun = tx.execute(s -> reconciliation(narrow).reconcileAll(
                List.of(member("C5", "D", "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT", null)),
                List.of(origin("C5", "2025-05-01T00:00:00Z")), narrow.newCandidateCache(), new Phases()).get(0));
        assertThat(nextRun.rule()).isEqualTo("probabilistic");
        assertThat(nextRun.customerId()).isEqualTo(delphine);
    }

    @Test
    void anIdentifierStaysWithWhoeverHeldItAndTheFirstOfABatchToNameANewOneGetsIt() {
        LoyaltyMemberReconciliation reconciliation = reconciliation(new IdentityLinks(named,
                new IdentitySettings(null, null, null, null)));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        List<LoyaltyMemberReconciliation.Outcome> first = tx.execute(s -> reconciliation.reconcileAll(List.of(
                        member("C1", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", "d@example.org"),
                        member("C2", "Marc", "20 RUE VOLTAIRE", "69003", "LYON", "m@example.org")),
                List.of(origin("C1", "2025-01-01T00:00:00Z"), origin("C2", "2025-01-01T00:00:00Z"))));
        long delphine = first.get(0).customerId();
        long marc = first.get(1).customerId();
        // Paul is new with a new mobile; Marc's card comes back giving Delphine's email and Paul's mobile
        CleanMember paul = withMobile(member("C3", "Paul", "8 RUE DE LA PAIX", "75002", "PARIS", null), "+33612345678");
        CleanMember marcAgain = withMobile(member("C2", "Marc", "20 RUE VOLTAIRE", "69003", "LYON", "d@example.org"),
                "+33612345678");
        List<LoyaltyMemberReconciliation.Outcome> second = tx.execute(s -> reconciliation.reconcileAll(
                List.of(paul, marcAgain), List.of(origin("C3", "2025-02-01T00:00:00Z"), origin("C2", "2025-02-01T00:00:00Z"))));
        assertThat(second.get(0).created()).isTrue();
        assertThat(second.get(1).customerId()).isEqualTo(marc);
        assertThat(jdbc.queryForObject("select customer_id from customer_identity where source = 'email' and source_key = ?",
                Long.class, "d@example.org")).isEqualTo(delphine);
        assertThat(jdbc.queryForObject("select customer_id from customer_identity where source = 'mobile' and source_key = ?",
                Long.class, "+33612345678")).isEqualTo(second.get(0).customerId());
        assertThat(jdbc.queryForObject("select count(*) from customer_identity", Long.class)).isEqualTo(6);
    }

    private static CleanMember person(String card, String first, String last, String birth, String email, String mobile) {
        return new CleanMember(card, "S01", null, null, first, last, birth == null ? null : java.time.LocalDate.parse(birth),
                email, mobile, null, null, null, "4 RUE DES LILAS", null, "44000", "NANTES", "FR", null, null, null, null);
    }

    @Test
    void aFamilysSharedEmailOrMobileDoesNotMakeTwoPeopleOne() {
        LoyaltyMemberReconciliation reconciliation = reconciliation(new IdentityLinks(named,
                new IdentitySettings(null, null, null, null)));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        long marie = tx.execute(s -> reconciliation.reconcileAll(
                List.of(person("F1", "Marie", "Dupont", "1975-03-02", "famille.dupont@orange.fr", "+33611111112")),
                List.of(origin("F1", "2025-01-01T00:00:00Z")))).get(0).customerId();
        long jean = tx.execute(s -> reconciliation.reconcileAll(
                List.of(person("F3", "Jean", "Dupont", "1950-04-02", null, "+33612345670")),
                List.of(origin("F3", "2025-01-01T00:00:00Z")))).get(0).customerId();
        List<LoyaltyMemberReconciliation.Outcome> later = tx.execute(s -> reconciliation.reconcileAll(List.of(
                        // her husband, with the family's email: another first name
                        person("F2", "Pierre", "Dupont", "1973-08-19", "famille.dupont@orange.fr", null),
                        // the son, named after his father, with his father's mobile: born a generation later
                        person("F4", "Jean", "Dupont", "1982-11-20", null, "+33612345670"),
                        // Marie herself on a second card, her first name as an initial: the same person
                        person("F5", "M.", "Dupont", null, "famille.dupont@orange.fr", null)),
                List.of(origin("F2", "2025-02-01T00:00:00Z"), origin("F4", "2025-02-01T00:00:00Z"),
                        origin("F5", "2025-02-01T00:00:00Z"))));
        assertThat(later.get(0).created()).as("Pierre").isTrue();
        assertThat(later.get(1).created()).as("Jean the son").isTrue();
        assertThat(later.get(2).customerId()).as("Marie's second card").isEqualTo(marie);
        assertThat(later.get(2).rule()).isEqualTo("same email");
        // two people under one roof: one household, each their own consent and messages
        assertThat(jdbc.queryForList("select distinct household_id from customer where id in (?, ?, ?, ?)", Long.class,
                marie, jean, later.get(0).customerId(), later.get(1).customerId())).hasSize(1).doesNotContainNull();
        // the shared email and mobile stay with whoever gave them first
        assertThat(jdbc.queryForObject("select customer_id from customer_identity where source = 'email' and source_key = ?",
                Long.class, "famille.dupont@orange.fr")).isEqualTo(marie);
        assertThat(jdbc.queryForObject("select customer_id from customer_identity where source = 'mobile' and source_key = ?",
                Long.class, "+33612345670")).isEqualTo(jean);
    }

    private static CleanMember at(String card, String first, String last, String line4, String birth) {
        return new CleanMember(card, "S01", null, null, first, last, java.time.LocalDate.parse(birth), null, null, null,
                null, null, line4, null, "51100", "REIMS", "FR", null, null, null, null);
    }

    @Test
    void aRecordWithFirstAndLastNameTheOtherWayRoundFindsThePersonWhicheverCameFirst() {
        LoyaltyMemberReconciliation reconciliation = reconciliation(new IdentityLinks(named,
                new IdentitySettings(null, null, null, null)));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        List<LoyaltyMemberReconciliation.Outcome> first = tx.execute(s -> reconciliation.reconcileAll(List.of(
                        at("SW1", "Olivier", "Sogousoul", "30 BD DU GENERAL DE GAULLE", "1958-11-22"),
                        // stored swapped, found by the record given the right way round below
                        at("SW3", "Rimbaud", "Hélène", "BD DE LA PAIX", "1971-02-03")),
                List.of(origin("SW1", "2025-01-01T00:00:00Z"), origin("SW3", "2025-01-01T00:00:00Z"))));
        // no number, no email or mobile: before, no blocking key in common with the first record
        List<LoyaltyMemberReconciliation.Outcome> later = tx.execute(s -> reconciliation.reconcileAll(List.of(
                        at("SW2", "Sogousoul", "Olivier", "BD DU GENERAL DE GAULLE", "1958-11-22"),
                        at("SW4", "Hélène", "Rimbaud", "12 BD DE LA PAIX", "1971-02-03")),
                List.of(origin("SW2", "2025-02-01T00:00:00Z"), origin("SW4", "2025-02-01T00:00:00Z"))));
        assertThat(later.get(0).customerId()).isEqualTo(first.get(0).customerId());
        assertThat(later.get(0).rule()).isEqualTo("probabilistic");
        assertThat(later.get(1).customerId()).isEqualTo(first.get(1).customerId());
        // only the keys of the records as given are stored: the swapped one is looked up, never written
        assertThat(jdbc.queryForObject("select count(*) from customer_match_key where customer_id = ? and match_key like 'P%'",
                Long.class, first.get(0).customerId())).isEqualTo(2);
    }

    private static CleanMember withMobile(CleanMember m, String mobile) {
        return new CleanMember(m.cardNumber(), m.storeId(), m.enrolledAt(), m.civility(), m.firstName(), m.lastName(),
                m.birthDate(), m.email(), mobile, m.phone(), m.addressLine2(), m.addressLine3(), m.addressLine4(),
                m.addressLine5(), m.postcode(), m.city(), m.country(), m.optinEmail(), m.optinSms(), m.optinPostal(),
                m.optinAds());
    }

    @Test
    void aCustomerChangedByABatchIsSeenChangedByTheNext() {
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, 1_000));
        LoyaltyMemberReconciliation reconciliation = reconciliation(links);
        IdentityLinks.CandidateCache cache = links.newCandidateCache();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        long delphine = tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C1", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", "d@example.org")),
                List.of(origin("C1", "2025-01-01T00:00:00Z")), cache, new Phases()).get(0).customerId());
        // a namesake of the same town makes the batch read Delphine as a candidate (cached); her card then moves her
        List<LoyaltyMemberReconciliation.Outcome> second = tx.execute(s -> reconciliation.reconcileAll(List.of(
                        member("C9", "Marc", "20 RUE VOLTAIRE", "92100", "BOULOGNE BILLANCOURT", null),
                        member("C1", "Delphine", "10 RUE DES LILAS", "69003", "LYON", "d@example.org")),
                List.of(origin("C9", "2025-06-01T00:00:00Z"), origin("C1", "2025-06-01T00:00:00Z")), cache,
                new Phases()));
        assertThat(second.get(0).created()).isTrue();
        assertThat(second.get(1).customerId()).isEqualTo(delphine);
        assertThat(jdbc.queryForObject("select city from customer where id = ?", String.class, delphine))
                .isEqualTo("LYON");
        // a record of her at her new home, without card or email in common: matched against her new golden record
        LoyaltyMemberReconciliation.Outcome third = tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C3", "Delphine", "10 RUE DES LILAS", "69003", "LYON", null)),
                List.of(origin("C3", "2025-07-01T00:00:00Z")), cache, new Phases()).get(0));
        assertThat(third.rule()).isEqualTo("probabilistic");
        assertThat(third.customerId()).isEqualTo(delphine);
    }

    @Test
    void aMoverGetsTheAddressGivenLastAndIsFlaggedSinceThenAndTheOldAddressUndeliverableFlagGoes() {
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, 1_000));
        LoyaltyMemberReconciliation reconciliation = reconciliation(links, MOVERS);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        long delphine = tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C1", "Delphine", "122 AV NATHALIE FONONRICHAED", "67000", "STRASBOURG", "d@example.org")),
                List.of(origin("C1", "2025-01-01T00:00:00Z"))).get(0).customerId());
        // the same address again, written without its number: the same place, the complete one stays
        tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C2", "Delphine", "AV NATHALIE FONONRICHAED", "67000", "STRASBOURG", "d@example.org")),
                List.of(origin("C2", "2025-03-01T00:00:00Z"))));
        Map<String, Object> stayed = jdbc.queryForMap("select address_line4, moved_at from customer where id = ?", delphine);
        assertThat(stayed.get("address_line4")).isEqualTo("122 AV NATHALIE FONONRICHAED");
        assertThat(stayed.get("moved_at")).isNull();
        // mail to that address comes back undelivered; then she gives a new, shorter address
        jdbc.update("""
                update customer set postal_undeliverable_at = current_date, postal_undeliverable_reason = 'NPAI',
                       postal_undeliverable_hash = ? where id = ?""", PostalAddressKey.of(null, null,
                "122 AV NATHALIE FONONRICHAED", null, "67000", "STRASBOURG", "FR"), delphine);
        LoyaltyMemberReconciliation.Outcome moved = tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C3", "Delphine", "3 RUE X", "75001", "PARIS", "d@example.org")),
                List.of(origin("C3", "2025-06-01T00:00:00Z"))).get(0));
        assertThat(moved.customerId()).isEqualTo(delphine);
        Map<String, Object> now = jdbc.queryForMap("select * from customer where id = ?", delphine);
        assertThat(now.get("address_line4")).isEqualTo("3 RUE X");
        assertThat(now.get("city")).isEqualTo("PARIS");
        assertThat(((java.sql.Timestamp) now.get("moved_at")).toInstant()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(now.get("postal_undeliverable_hash")).isNull();
        // audiences see it as a number of days (moved_days_ago <= 90: recent movers)
        assertThat(jdbc.queryForObject("select moved_days_ago from customer_profile where customer_id = ?",
                Integer.class, delphine)).isEqualTo((int) java.time.Duration.between(
                Instant.parse("2025-06-01T00:00:00Z"), Instant.now()).toDays());
        // her old records are kept: the move can be explained and undone
        assertThat(jdbc.queryForObject("select count(*) from identity_link where customer_id = ?", Integer.class,
                delphine)).isEqualTo(3);
        // unmerging the record of the new address takes her back to where she lived, not moved any more
        new CustomerUnmerge(named, tx, links, new GoldenRecords(named, MOVERS), new ConsentLedger(named),
                new io.activationhub.privacy.AuditLog(named))
                .unmerge(delphine, null, "loyalty", "C3", "test");
        Map<String, Object> back = jdbc.queryForMap("select address_line4, moved_at from customer where id = ?", delphine);
        assertThat(back.get("address_line4")).isEqualTo("122 AV NATHALIE FONONRICHAED");
        assertThat(back.get("moved_at")).isNull();
        assertThat(jdbc.queryForObject("select moved_days_ago from customer_profile where customer_id = ?",
                Integer.class, delphine)).isNull();
    }

    @Test
    void aMemberSentAgainWithAnAddressAtAnotherPlaceMovedAndOneWrittenOtherwiseDidNot() {
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, 1_000));
        LoyaltyMemberReconciliation reconciliation = reconciliation(links, MOVERS);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        long marc = tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C1", "Marc", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", "m@example.org"),
                        member("C2", "Paul", null, null, null, "p@example.org")),
                List.of(origin("C1", "2025-01-01T00:00:00Z"), origin("C2", "2025-01-01T00:00:00Z"))).get(0).customerId());
        long paul = jdbc.queryForObject("select customer_id from identity_link where source_key = 'C2'", Long.class);
        // each member's record is sent again (it replaces the one before): Marc's address written otherwise, Paul's
        // address given for the first time
        tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C1", "Marc", "4 RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT", "m@example.org"),
                        member("C2", "Paul", "1 RUE X", "75001", "PARIS", "p@example.org")),
                List.of(origin("C1", "2025-03-01T00:00:00Z"), origin("C2", "2025-03-01T00:00:00Z"))));
        assertThat(jdbc.queryForObject("select address_line4 from customer where id = ?", String.class, marc))
                .isEqualTo("4 RUE DESFEUX");
        assertThat(jdbc.queryForObject("select count(*) from customer where moved_at is not null", Integer.class))
                .isZero();
        // then Marc's record comes with a home elsewhere: the record replaced his old one, and he moved
        tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C1", "Marc", "10 RUE DES LILAS", "69003", "LYON", "m@example.org")),
                List.of(origin("C1", "2025-06-01T00:00:00Z"))));
        Map<String, Object> moved = jdbc.queryForMap("select city, moved_at from customer where id = ?", marc);
        assertThat(moved.get("city")).isEqualTo("LYON");
        assertThat(((java.sql.Timestamp) moved.get("moved_at")).toInstant()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        // sent again at the same place later: still known to have moved, and since when
        tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C1", "Marc", "10 BD DES LILAS", "69003", "LYON", "m@example.org")),
                List.of(origin("C1", "2025-09-01T00:00:00Z"))));
        assertThat(jdbc.queryForObject("select moved_at from customer where id = ?", java.sql.Timestamp.class, marc)
                .toInstant()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(jdbc.queryForObject("select moved_at from customer where id = ?", java.sql.Timestamp.class, paul))
                .isNull();
        // two records of one person at two places in one file: which came first is unknown, so no move; the most
        // complete address is chosen, but the record at the other place is still hers
        List<LoyaltyMemberReconciliation.Outcome> same = tx.execute(s -> reconciliation.reconcileAll(
                List.of(member("C7", "Julie", "1 RUE X", "75001", "PARIS", "j@example.org"),
                        member("C8", "Julie", "122 AV NATHALIE FONONRICHAED", "67000", "STRASBOURG", "j@example.org")),
                List.of(origin("C7", "2025-06-01T00:00:00Z"), origin("C8", "2025-06-01T00:00:00Z"))));
        assertThat(same.get(1).customerId()).isEqualTo(same.get(0).customerId());
        Map<String, Object> julie = jdbc.queryForMap("select city, moved_at from customer where id = ?",
                same.get(0).customerId());
        assertThat(julie.get("city")).isEqualTo("STRASBOURG");
        assertThat(julie.get("moved_at")).isNull();
    }

    @Test
    void aCustomerMadeBeforeIdentityLinksIsLinkedByTheMigrationAndFoundByMatching() throws Exception {
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where version = '66' and success",
                Long.class)).as("Flyway found the Java migration").isEqualTo(1);
        long old = jdbc.queryForObject("""
                insert into customer (civility, first_name, last_name, address_line4, postcode, city, country)
                values ('MME', 'Delphine', 'Pilliard', '4 AV DESFEUX', '92100', 'BOULOGNE BILLANCOURT', 'FR')
                returning id""", Long.class);
        try (java.sql.Connection c = ds.getConnection()) {
            new db.migration.V66__Link_customers_made_before_identity_links().migrate(new org.flywaydb.core.api.migration.Context() {
                @Override
                public org.flywaydb.core.api.configuration.Configuration getConfiguration() {
                    return null;
                }

                @Override
                public java.sql.Connection getConnection() {
                    return c;
                }
            });
        }
        assertThat(jdbc.queryForList("select rule from identity_link where customer_id = ?", String.class, old))
                .containsExactly("golden record before identity links");
        assertThat(jdbc.queryForObject("select count(*) from customer_match_key where customer_id = ?", Long.class, old))
                .isGreaterThan(0);
        LoyaltyMemberReconciliation reconciliation = reconciliation(new IdentityLinks(named, new IdentitySettings(null, null, null, null)));
        LoyaltyMemberReconciliation.Outcome outcome = new TransactionTemplate(new DataSourceTransactionManager(ds))
                .execute(s -> reconciliation.reconcile(member("C7", "D", "RUE DESFEUX", "92100",
                        "BOULOGNE BILLANCOURT", null), origin("C7", "2025-07-01T00:00:00Z")));
        assertThat(outcome.rule()).isEqualTo("probabilistic");
        assertThat(outcome.customerId()).isEqualTo(old);
        assertThat(jdbc.queryForList("select source from identity_link where customer_id = ? order by id", String.class,
                old)).containsExactly("golden", "loyalty");
    }

    @Test
    void twoRecordsOfOnePersonInOneBatchGiveTheirNewCustomerEachKeyOnce() {
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, null));
        LoyaltyMemberReconciliation reconciliation = reconciliation(links);
        long existing = customer("Existing");
        jdbc.update("insert into customer_match_key (match_key, customer_id) values ('P92100OLD', ?)", existing);
        // the second card is the same person (same email, same address): it joins the customer the first creates,
        // and both records carry the same blocking keys
        List<LoyaltyMemberReconciliation.Outcome> outcomes = new TransactionTemplate(
                new DataSourceTransactionManager(ds)).execute(s -> reconciliation.reconcileAll(
                List.of(member("C1", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", "d.p@example.org"),
                        member("C2", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", "d.p@example.org")),
                List.of(origin("C1", "2025-01-01T00:00:00Z"), origin("C2", "2025-01-02T00:00:00Z"))));
        assertThat(outcomes.get(0).created()).isTrue();
        assertThat(outcomes.get(1).customerId()).isEqualTo(outcomes.get(0).customerId());
        assertThat(outcomes.get(1).rule()).isEqualTo("same email");
        List<String> keys = jdbc.queryForList("select match_key from customer_match_key where customer_id = ? order by 1",
                String.class, outcomes.get(0).customerId());
        assertThat(keys).isNotEmpty().doesNotHaveDuplicates()
                .isEqualTo(links.records(outcomes.get(0).customerId()).stream()
                        .flatMap(r -> io.activationhub.identity.CandidateMatcher.blockingKeys(
                                SourceRecord.person("x", r.member())).stream())
                        .distinct().sorted().toList());
        // an existing customer's keys are untouched
        assertThat(jdbc.queryForList("select match_key from customer_match_key where customer_id = ?", String.class,
                existing)).containsExactly("P92100OLD");
    }

    @Test
    void theKeysOfEveryCustomerAreComputedAgainFromTheirRecords() {
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, null));
        LoyaltyMemberReconciliation reconciliation = reconciliation(links);
        long delphine = new TransactionTemplate(new DataSourceTransactionManager(ds)).execute(s -> reconciliation.reconcile(
                member("C1", "Delphine", "4 AV DESFEUX", "92100", "BOULOGNE BILLANCOURT", null),
                origin("C1", "2025-01-01T00:00:00Z")).customerId());
        List<String> keys = jdbc.queryForList("select match_key from customer_match_key where customer_id = ? order by 1",
                String.class, delphine);
        assertThat(keys).anyMatch(k -> k.startsWith("P92100") && k.endsWith("|D"));
        // keys as an older version stored them
        jdbc.update("delete from customer_match_key where customer_id = ?", delphine);
        jdbc.update("insert into customer_match_key (match_key, customer_id) values ('P92100OLD', ?)", delphine);
        assertThat(links.rebuildAllKeys()).isEqualTo(1);
        assertThat(jdbc.queryForList("select match_key from customer_match_key where customer_id = ? order by 1",
                String.class, delphine)).isEqualTo(keys);
    }
}
