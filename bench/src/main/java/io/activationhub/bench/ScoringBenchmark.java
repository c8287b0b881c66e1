package io.activationhub.bench;

import static io.activationhub.bench.Bench.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationhub.infra.EmbeddedPostgresServer;
import io.activationhub.scoring.CustomerScoring;
import io.activationhub.scoring.ScoringSettings;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scoring benchmark (bench/README.md): generates customers and ticket lines into the embedded PostgreSQL (under
 * {@code --home}) or the one given by {@code BENCH_JDBC_URL}, runs a full scoring, a day of new tickets and an
 * incremental scoring, the holdout calibration of the purchase model, and prints seconds per step, rows per second
 * and peak memory. {@code --reuse} keeps the data of an identical earlier generation (same options).
 */
public final class ScoringBenchmark {

    private ScoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        long customers = Long.parseLong(opt.getOrDefault("customers", "1000000"));
        long lines = Long.parseLong(opt.getOrDefault("lines", "20000000"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
        LocalDate end = LocalDate.parse(opt.getOrDefault("end", "2026-01-01"));
        LocalDate start = end.minusDays(730);
        boolean reset = opt.containsKey("reset");
        Path home = Path.of(opt.getOrDefault("home", "target/bench-hub")).toAbsolutePath();
        String url = System.getenv("BENCH_JDBC_URL");

        EmbeddedPostgresServer embedded = null;
        if (url == null || url.isBlank()) {
            if (reset) {
                deleteTree(home.resolve("data/postgres"));
            }
            embedded = new EmbeddedPostgresServer(home.resolve("data/postgres"), 0, System.err::println);
            url = embedded.jdbcUrl();
            reset = true;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(embedded != null ? "postgres" : System.getenv().getOrDefault("BENCH_DB_USER", "postgres"));
        config.setPassword(embedded != null ? "" : System.getenv().getOrDefault("BENCH_DB_PASSWORD", ""));
        config.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            Long existing = jdbc.queryForObject("select count(*) from (select 1 from customer limit 1) c", Long.class);
            if (existing != null && existing > 0 && !reset) {
                throw new IllegalStateException("the database at BENCH_JDBC_URL already has customers: the benchmark "
                        + "empties it only with --reset (use a scratch database)");
            }
            out("Scoring benchmark: %,d customers, %,d ticket lines requested, seed %d, tickets %s to %s, %s PostgreSQL, %d cores",
                    customers, lines, seed, start, end.minusDays(1), embedded != null ? "embedded" : "given",
                    Runtime.getRuntime().availableProcessors());

            // 1. generate (or, with --reuse, keep what an identical earlier generation loaded)
            String generation = String.format(Locale.ROOT, "benchmark customers=%d lines=%d seed=%d end=%s",
                    customers, lines, seed, end);
            List<Long> previous = jdbc.queryForList("select id from feed_run where source_name = ?", Long.class, generation);
            long generatedLines;
            TicketGenerator generator = new TicketGenerator(customers, lines, seed, start, end);
            if (opt.containsKey("reuse") && previous.size() == 1) {
                long feedRun = previous.get(0);
                jdbc.execute("truncate customer_ticket, scoring_fact_run, scoring_run, campaign_control cascade");
                // by run on both tables: the other runs' items are on tickets of their own (a new day's ticket ids)
                jdbc.update("delete from pos_ticket_item where run_id <> ?", feedRun);
                jdbc.update("delete from pos_ticket where run_id <> ?", feedRun);
                jdbc.update("delete from feed_run where id <> ?", feedRun);
                jdbc.execute("vacuum (analyze) pos_ticket, pos_ticket_item");
                generatedLines = jdbc.queryForObject("select count(*) from pos_ticket_item", Long.class);
                out("Reusing the %,d ticket lines of %s (run %d)", generatedLines, generation, feedRun);
            } else {
                jdbc.execute("""
                        truncate feed_run, customer, customer_ticket, scoring_fact_run, scoring_run,
                                 customer_score, campaign_control restart identity cascade""");
                jdbc.update("insert into feed (id, kind) values ('pos', 'pos') on conflict do nothing");
                long feedRun = jdbc.queryForObject("""
                        insert into feed_run (feed_id, source_name, status, ended_at, reconciled_at)
                        values ('pos', ?, 'SUCCEEDED', now(), now()) returning id""", Long.class, generation);
                long t0 = System.nanoTime();
                long tickets = generator.countTickets();
                List<String> restore = dropTicketConstraints(jdbc);
                TicketGenerator.Generated generated;
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    try (var s = c.createStatement()) {
                        s.execute("set synchronous_commit = off");
                    }
                    generated = generator.load(c, feedRun, tickets);
                    c.commit();
                }
                double copySeconds = seconds(t0);
                long t1 = System.nanoTime();
                jdbc.execute("set maintenance_work_mem = '1GB'");
                restore.forEach(jdbc::execute);
                jdbc.execute("select setval('customer_id_seq', (select max(id) from customer))");
                double indexSeconds = seconds(t1);
                long t2 = System.nanoTime();
                // what autovacuum would do to tables this fresh, done now so it does not run during the scoring
                jdbc.execute("vacuum (analyze) customer, pos_ticket, pos_ticket_item");
                out("Generated %,d customers, %,d tickets, %,d ticket lines (%.2f lines per ticket): COPY %.1f s "
                                + "(%,.0f lines/s), indexes and constraints %.1f s, vacuum and analyze %.1f s",
                        generated.customers(), generated.tickets(), generated.lines(), generated.meanLinesPerTicket(),
                        copySeconds, generated.lines() / copySeconds, indexSeconds, seconds(t2));
                generatedLines = generated.lines();
            }
            Map<String, Object> sizes = jdbc.queryForMap("""
                    select pg_total_relation_size('pos_ticket') as tickets,
                           pg_total_relation_size('pos_ticket_item') as items""");
            out("pos_ticket: %,d MB, pos_ticket_item: %,d MB, with their indexes",
                    ((Number) sizes.get("tickets")).longValue() >> 20, ((Number) sizes.get("items")).longValue() >> 20);

            // 2. full scoring
            CustomerScoring scoring = new CustomerScoring(ds, ScoringSettings.defaults(), "benchmark");
            CustomerScoring.Outcome full = scoring.run("benchmark", end, true);
            report("Full scoring", full, generatedLines);

            // 3. a day of new tickets, then incremental scoring
            long newRun = jdbc.queryForObject("""
                    insert into feed_run (feed_id, source_name, status, ended_at, reconciled_at)
                    values ('pos', 'benchmark-new-day', 'SUCCEEDED', now(), now()) returning id""", Long.class);
            long newLines;
            try (Connection c = ds.getConnection()) {
                newLines = generator.loadNewDay(c, newRun, end, 100);
            }
            CustomerScoring.Outcome incremental = scoring.run("benchmark", end.plusDays(1), false);
            out("New day: %,d ticket lines for %,d customers", newLines, newLines / 3);
            report("Incremental scoring", incremental, generatedLines + newLines);

            Map<String, Object> run = jdbc.queryForMap("""
                    select segment_counts::text as segments, top_revenue_share, model::text as model
                    from scoring_run where id = ?""", full.runId());
            out("Segments (full run): %s", run.get("segments"));
            out("Top 20%% of buyers make %s of the window's revenue", run.get("top_revenue_share"));
            out("Models (full run): %s", run.get("model"));

            // 4. holdout calibration of the purchase model
            HoldoutCalibration.run(ds, end.minusDays(182), end, ScoringSettings.defaults().fitSample(), System.out);

            memory(embedded == null ? null : home.resolve("data/postgres/postmaster.pid"));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void report(String what, CustomerScoring.Outcome o, long lines) {
        if (!"SUCCEEDED".equals(o.status())) {
            throw new IllegalStateException(what + " " + o.status() + ": " + o.error());
        }
        long total = o.stepMillis().values().stream().mapToLong(Long::longValue).sum();
        out("%s (run %d, facts %s, %,d customers refreshed): %,d customers scored in %.1f s (%,.0f customers/s, "
                        + "%,.0f ticket lines/s)", what, o.runId(), o.factRefresh(), o.refreshedCustomers(), o.customers(),
                total / 1000.0, o.customers() / (total / 1000.0), lines / (total / 1000.0));
        StringBuilder steps = new StringBuilder();
        o.stepMillis().forEach((k, v) -> steps.append(String.format(Locale.ROOT, " %s %.1f s,", k, v / 1000.0)));
        out("  steps:%s", steps.substring(0, steps.length() - 1));
    }

    /**
     * Drops the keys and indexes of pos_ticket and pos_ticket_item for the bulk load (not their triggers: the customer
     * check runs once per COPY); returns the statements that restore them.
     */
    private static List<String> dropTicketConstraints(JdbcTemplate jdbc) {
        List<String> drop = new ArrayList<>();
        List<String> restore = new ArrayList<>();
        for (String table : List.of("pos_ticket", "pos_ticket_item")) {
            for (Map<String, Object> c : jdbc.queryForList("""
                    select format('alter table %I drop constraint %I', ?::text, conname) as drop_sql,
                           format('alter table %I add constraint %I ', ?::text, conname)
                               || pg_get_constraintdef(oid) as restore
                    from pg_constraint where conrelid = ?::regclass and contype in ('p', 'u', 'f')
                    order by contype desc""", table, table, table)) {
                drop.add((String) c.get("drop_sql"));
                restore.add((String) c.get("restore"));
            }
            for (Map<String, Object> i : jdbc.queryForList("""
                    select format('drop index %I.%I', schemaname, indexname) as drop_sql, indexdef from pg_indexes
                    where schemaname = current_schema() and tablename = ?
                      and indexname not in (select conname from pg_constraint where conrelid = ?::regclass)""",
                    table, table)) {
                drop.add((String) i.get("drop_sql"));
                restore.add((String) i.get("indexdef"));
            }
        }
        drop.forEach(jdbc::execute);
        return restore;
    }

    private static void memory(Path postmasterPid) throws IOException {
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        out("%nPeak memory: JVM heap %,d MB (sum of pool peaks, -Xmx %,d MB), JVM resident %s",
                heapPeak >> 20, Runtime.getRuntime().maxMemory() >> 20, status("self", "VmHWM"));
        if (postmasterPid != null && Files.exists(postmasterPid)) {
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
            long max = 0;
            for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
                String hwm = status(Long.toString(child.pid()), "VmHWM");
                if (hwm.endsWith(" kB")) {
                    max = Math.max(max, Long.parseLong(hwm.replace(" kB", "").trim()));
                }
            }
            out("PostgreSQL: largest process peak resident %,d MB (includes the shared buffers it touched)", max >> 10);
        }
    }

    private static String status(String pid, String key) {
        try {
            return Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(l -> l.startsWith(key + ":"))
                    .map(l -> l.substring(key.length() + 1).trim()).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("options look like --customers=1000000; got " + a);
            }
            int eq = a.indexOf('=');
            out.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        return out;
    }
}
