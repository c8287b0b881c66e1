package io.activationhub.bench;

import static io.activationhub.bench.Bench.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationhub.consent.ConsentLedger;
import io.activationhub.customer.GoldenRecords;
import io.activationhub.customer.GoldenSettings;
import io.activationhub.customer.IdentityLinks;
import io.activationhub.customer.IdentitySettings;
import io.activationhub.customer.LoyaltyMemberReconciliation;
import io.activationhub.customer.MemberCleaner;
import io.activationhub.customer.ReconciliationSummary;
import io.activationhub.feed.DataQualityReports;
import io.activationhub.identity.FrenchPeople;
import io.activationhub.identity.PersonRecord;
import io.activationhub.infra.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciliation benchmark (bench/README.md): generated loyalty members (French-looking people with duplicates that
 * share no card, email or mobile, households and namesakes; {@link FrenchPeople}) loaded as raw {@code loyalty_member}
 * rows in files of {@code --file-size} records, then reconciled file after file through the real reconciliation code
 * ({@link LoyaltyMemberReconciliation#reconcileRun}: cleaning, deterministic and probabilistic matching against the
 * customers found by blocking keys in PostgreSQL, links, golden records, identities, consents), one transaction per
 * file like the hub. Prints seconds, records per second, peak heap during reconciliation and how well the generated
 * duplicates were found.
 * <p>
 * {@code bench/reconciliation-benchmark.sh --records=1000000} (default), {@code --file-size=100000}, {@code --seed=7},
 * {@code --home=target/bench-reconcile} (embedded PostgreSQL data, emptied first), {@code --streets=19} (street names
 * per postcode: 19 puts about 175 of a million people on each street; {@code --streets=400} spreads them as a real
 * base would be, a few per street), {@code --statements} (also print PostgreSQL's time by statement, from
 * {@code pg_stat_statements}).
 */
public final class ReconciliationBenchmark {

    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private ReconciliationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int records = Integer.parseInt(opt.getOrDefault("records", "1000000"));
        int fileSize = Integer.parseInt(opt.getOrDefault("file-size", "100000"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "7"));
        int streets = Integer.parseInt(opt.getOrDefault("streets", "19"));
        Path home = Path.of(opt.getOrDefault("home", "target/bench-reconcile")).toAbsolutePath();
        deleteTree(home.resolve("data/postgres"));
        boolean statements = opt.containsKey("statements");
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(home.resolve("data/postgres"), 0, System.err::println,
                statements ? Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all")
                        : Map.of())) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(pg.jdbcUrl());
            config.setUsername("postgres");
            config.setPassword("");
            config.setMaximumPoolSize(2);
            try (HikariDataSource ds = new HikariDataSource(config)) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
                if (statements) {
                    new JdbcTemplate(ds).execute("create extension if not exists pg_stat_statements");
                }
                run(ds, records, fileSize, seed, streets,
                        opt.containsKey("candidate-cache") ? Integer.valueOf(opt.get("candidate-cache")) : null,
                        statements);
            }
        }
    }

    private static void run(HikariDataSource ds, int records, int fileSize, long seed, int streets,
                            Integer candidateCache, boolean statements)
            throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(ds);
        jdbc.update("insert into feed (id, kind) values ('loyalty', 'loyalty') on conflict do nothing");

        // 1. generate and load the raw members, file by file (people ~ records / 1.2 with 10% duplicated)
        long t0 = System.nanoTime();
        FrenchPeople.DataSet data = FrenchPeople.generate((int) Math.ceil(records / 1.2), 0.10, seed, streets);
        List<PersonRecord> people = data.records().subList(0, Math.min(records, data.records().size()));
        Map<String, String> truth = new HashMap<>();
        List<Long> runs = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            for (int from = 0; from < people.size(); from += fileSize) {
                List<PersonRecord> file = people.subList(from, Math.min(people.size(), from + fileSize));
                long run = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true))
                        .queryForObject("""
                                insert into feed_run (feed_id, source_name, status, ended_at, read_count, accepted_count)
                                values ('loyalty', ?, 'SUCCEEDED', now(), ?, ?) returning id""", Long.class,
                                "bench-members-" + (runs.size() + 1) + ".csv", file.size(), file.size());
                runs.add(run);
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                        copy loyalty_member (card_number, store_id, enrolled_at, first_name, last_name, birth_date, email,
                                             phone, mobile, address_line1, postcode, city, country, optin_email,
                                             optin_sms, optin_postal, run_id, line_no) from stdin""");
                StringBuilder sb = new StringBuilder(1 << 16);
                int line = 1;
                for (PersonRecord p : file) {
                    String card = p.cardNumber() != null ? p.cardNumber() : "D" + p.id();
                    truth.put(card, data.truth().get(p.id()));
                    sb.setLength(0);
                    row(sb, card, "S" + (1 + Math.floorMod(p.id().hashCode(), 40)), "2024-01-15", p.firstName(),
                            p.lastName(), p.birthDate() == null ? null : FR.format(p.birthDate()), p.email(), p.phone(),
                            p.mobile(), p.street() == null ? null : (p.streetNumber() == null ? "" : p.streetNumber() + " ")
                                    + p.street(), p.postcode(), p.city(), "FR", "1", "0", "1", Long.toString(run),
                            Integer.toString(++line));
                    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                }
                copy.endCopy();
            }
            c.commit();
        }
        data = null;
        people = null;
        jdbc.execute("analyze loyalty_member");
        out("Generated and loaded %,d loyalty members (%d street names per postcode) in %d files of up to %,d in %.1f s",
                truth.size(), streets, runs.size(), fileSize, secs(t0));

        // 2. reconcile, file by file, one transaction per file, through the real code
        MemberCleaner cleaner = new MemberCleaner();
        IdentityLinks links = new IdentityLinks(named, new IdentitySettings(null, null, null, candidateCache));
        GoldenRecords golden = new GoldenRecords(named, shippedSurvivorship());
        LoyaltyMemberReconciliation reconciliation = new LoyaltyMemberReconciliation(named, new ConsentLedger(named),
                cleaner, new DataQualityReports(named), links, golden);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        // where each file's time goes, by phase (logged at DEBUG by the reconciliation)
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(LoyaltyMemberReconciliation.class))
                .setLevel(ch.qos.logback.classic.Level.DEBUG);
        if (statements) {
            jdbc.queryForList("select pg_stat_statements_reset()");
        }
        System.gc();
        Bench.HeapSampler heap = new Bench.HeapSampler();
        long t1 = System.nanoTime();
        int created = 0;
        int updated = 0;
        for (long run : runs) {
            long tr = System.nanoTime();
            double pg0 = postgresCpuSeconds();
            double jvm0 = jvmCpuSeconds();
            ReconciliationSummary s = tx.execute(status -> reconciliation.reconcileRun(run));
            created += s.created();
            updated += s.updated();
            jdbc.update("update feed_run set reconciled_at = now() where id = ?", run);
            out("  file %d: %,d created, %,d updated in %.1f s (CPU: PostgreSQL %.1f s, JVM %.1f s)", run, s.created(),
                    s.updated(), secs(tr), postgresCpuSeconds() - pg0, jvmCpuSeconds() - jvm0);
        }
        double secs = secs(t1);
        heap.close();
        long total = created + updated;
        out("Reconciled %,d members into %,d customers (%,d joined an existing customer) in %.1f s: %,.0f records/s; "
                        + "heap in use during reconciliation at most %,d MB (sampled every 10 ms; -Xmx %,d MB); %d cores",
                total, jdbc.queryForObject("select count(*) from customer", Long.class), updated, secs, total / secs,
                heap.maxMb(), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        out("Links by rule: %s", jdbc.queryForList("select rule || '=' || count(*) from identity_link group by rule order by 1",
                String.class));
        out("Customers who moved (records at two places, or a record sent again elsewhere; moved_at set): %,d",
                jdbc.queryForObject("select count(*) from customer where moved_at is not null", Long.class));
        quality(jdbc, truth);
        if (statements) {
            // PostgreSQL's time by statement during the reconciliation (statements run by triggers included)
            out("PostgreSQL's statements by total time:");
            jdbc.query("""
                    select total_exec_time / 1000, calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 140)
                    from pg_stat_statements where query not like '%pg_stat_statements%'
                    order by total_exec_time desc limit 20""",
                    rs -> {
                        out("  %7.2f s %,7d calls %,10d rows  %s", rs.getDouble(1), rs.getLong(2), rs.getLong(3),
                                rs.getString(4));
                    });
        }
    }

    /** Pairwise precision and recall of the customers against the generated truth (pairs within true people or customers). */
    private static void quality(JdbcTemplate jdbc, Map<String, String> truth) {
        Map<Long, Map<String, Integer>> byCustomer = new HashMap<>();
        Map<String, Integer> perPerson = new HashMap<>();
        jdbc.query("select card_number, customer_id from loyalty_member", rs -> {
            String person = truth.get(rs.getString(1));
            byCustomer.computeIfAbsent(rs.getLong(2), k -> new HashMap<>()).merge(person, 1, Integer::sum);
            perPerson.merge(person, 1, Integer::sum);
        });
        long truePairs = 0;
        long predicted = 0;
        long correct = 0;
        for (int n : perPerson.values()) {
            truePairs += (long) n * (n - 1) / 2;
        }
        for (Map<String, Integer> c : byCustomer.values()) {
            int size = c.values().stream().mapToInt(Integer::intValue).sum();
            predicted += (long) size * (size - 1) / 2;
            for (int n : c.values()) {
                correct += (long) n * (n - 1) / 2;
            }
        }
        double precision = predicted == 0 ? 1 : (double) correct / predicted;
        double recall = truePairs == 0 ? 1 : (double) correct / truePairs;
        out("Duplicates found: pairwise precision %.4f, recall %.4f, F1 %.4f (%,d true pairs, %,d linked pairs)",
                precision, recall, 2 * precision * recall / Math.max(1e-9, precision + recall), truePairs, predicted);
    }

    private static void row(StringBuilder sb, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('\t');
            }
            String v = values[i];
            if (v == null) {
                sb.append("\\N");
            } else {
                sb.append(v.replace("\\", "\\\\").replace("\t", " ").replace("\n", " "));
            }
        }
        sb.append('\n');
    }

    /** Golden-record survivorship as the hub ships it ({@code hub.golden.*} in application.properties). */
    static GoldenSettings shippedSurvivorship() throws java.io.IOException {
        java.util.Properties shipped = org.springframework.core.io.support.PropertiesLoaderUtils.loadProperties(
                new org.springframework.core.io.ClassPathResource("application.properties"));
        return new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(shipped))
                .bind("hub.golden", GoldenSettings.class).orElseThrow(() -> new IllegalStateException(
                        "no hub.golden.* in application.properties"));
    }
}
