package io.activationhub.bench;

import static io.activationhub.bench.Bench.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.EmbeddedPostgresServer;
import io.activationhub.infra.HubInstance;
import io.activationhub.infra.HubProperties;
import io.activationhub.ingest.FileIngestor;
import io.activationhub.ingest.PosTicketFormat;
import io.activationhub.ingest.PosTickets;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.sql.SqlComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * POS ingest benchmark (issue 9, bench/README.md). Generates a till export of {@code --lines} ticket lines (a third
 * of them with a loyalty card held by one of {@code --customers} customers), then, in one run against one PostgreSQL:
 * <ol>
 *   <li>PostgreSQL's own {@code COPY} of the file into a bare table (no key, no index): the floor;</li>
 *   <li>the hub: {@link FileIngestor} (parse, validate, quarantine, COPY straight into the table or, from the first
 *       collision, stage with COPY and merge with duplicate detection,
 *       feed-run accounting) and the linking of lines to the card holders, as reconciliation does;</li>
 *   <li>a naive Camel route: split the file per line, one {@code INSERT} per row (camel-sql), on the first
 *       {@code --naive-lines} lines (it is too slow for the whole file; its rate is what is compared).</li>
 * </ol>
 * {@code --rounds} (3) repeats 1 and 2 on fresh files, alternately, and prints the median ratio. Prints seconds, rows
 * per second, CPU seconds of PostgreSQL and of the JVM, the ratios and the peak heap. {@code --only=hub} runs the hub step alone (the
 * memory check: {@code JAVA_OPTS=-Xmx512m bench/ingest.sh --lines=10000000 --only=hub}).
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        long lines = Long.parseLong(opt.getOrDefault("lines", "1000000"));
        long naiveLines = Math.min(lines, Long.parseLong(opt.getOrDefault("naive-lines", "50000")));
        int customers = Integer.parseInt(opt.getOrDefault("customers", "100000"));
        boolean onlyHub = "hub".equals(opt.get("only"));
        Path home = Path.of(opt.getOrDefault("home", "target/bench-ingest")).toAbsolutePath();
        deleteTree(home);
        Files.createDirectories(home);

        int rounds = Math.max(1, Integer.parseInt(opt.getOrDefault("rounds", onlyHub ? "1" : "3")));
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(home.resolve("data/postgres"), 0, s -> { });
             HikariDataSource ds = dataSource(pg.jdbcUrl())) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.update("insert into customer (first_name) select 'bench' from generate_series(1, ?)", customers);
            jdbc.update("""
                    insert into customer_identity (source, source_key, customer_id, link_rule)
                    select 'card', 'C' || lpad(id::text, 8, '0'), id, 'bench' from customer""");
            out("PostgreSQL %s, %,d customers with a card, %d cores, max heap %,d MB",
                    jdbc.queryForObject("show server_version", String.class), customers,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            if (!onlyHub) {
                jdbc.execute("""
                        create table bare_pos (store_id text, ticket_id text, ticket_ts timestamp, card_number text,
                            line_no int, sku text, category text, quantity numeric, unit_price numeric, discount numeric,
                            channel text)""");
            }
            HubProperties props = new HubProperties(home.toString(), null, null, null, null);
            FeedRunLedger ledger = new FeedRunLedger(new NamedParameterJdbcTemplate(ds));
            PosTicketFormat pos = new PosTicketFormat();
            ledger.declareFeed(pos.feedId(), pos.kind(), pos.description());
            FileIngestor ingestor = new FileIngestor(ds, ledger, props, new HubInstance(props), 65536);

            // Rounds alternate the two on a fresh file each (other tickets, so the hub stores every line again, on top
            // of the lines of the rounds before, as a day's file is): the median ratio is less at the mercy of a
            // neighbour's burst on a shared machine than one measurement.
            List<Double> ratios = new ArrayList<>();
            double hubSecs = Double.NaN;
            FeedRun run = null;
            Path file = null;
            for (int round = 1; round <= rounds; round++) {
                file = home.resolve("pos-" + lines + "-" + round + ".csv");
                long t0 = System.nanoTime();
                long bytes = generate(file, lines, customers, 41 + round, round == 1 ? "T" : "R" + round + "T");
                out("Round %d of %d: generated %s, %,d lines, %,.1f MB in %.1f s", round, rounds, file.getFileName(),
                        lines, bytes / 1e6, secs(t0));
                double copySecs = Double.NaN;
                if (!onlyHub) {
                    jdbc.execute("truncate bare_pos");
                    jdbc.execute("checkpoint");
                    long c0 = System.nanoTime();
                    double pg0 = postgresCpuSeconds();
                    try (Connection con = ds.getConnection(); Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        long n = con.unwrap(PGConnection.class).getCopyAPI().copyIn(
                                "copy bare_pos from stdin with (format csv, header true, delimiter ';')", in);
                        copySecs = secs(c0);
                        out("1. COPY into a bare table:        %,10d rows in %7.2f s = %,9.0f rows/s (PostgreSQL CPU %.2f s)",
                                n, copySecs, n / copySecs, postgresCpuSeconds() - pg0);
                    }
                }

                jdbc.execute("checkpoint");
                resetPeak();
                long h0 = System.nanoTime();
                double hubPg0 = postgresCpuSeconds();
                double hubJvm0 = jvmCpuSeconds();
                run = ingestor.ingest(pos, file);
                double ingestSecs = secs(h0);
                long l0 = System.nanoTime();
                // what reconciliation does after a POS run (tickets whose card was unknown at merge time)
                PosTickets.linkRunToCardHolders(new NamedParameterJdbcTemplate(ds), run.id());
                hubSecs = ingestSecs + secs(l0);
                double hubPg = postgresCpuSeconds() - hubPg0;
                double hubJvm = jvmCpuSeconds() - hubJvm0;
                Long linked = jdbc.queryForObject(
                        "select count(*) from pos_ticket_line where run_id = ? and customer_id is not null", Long.class, run.id());
                out("2. Hub (parse, validate, store, link): %,d rows in %.2f s = %,.0f rows/s (ingest %.2f s, link %.2f s)",
                        run.read(), hubSecs, run.read() / hubSecs, ingestSecs, hubSecs - ingestSecs);
                out("   CPU during the hub step: PostgreSQL %.2f s, hub JVM %.2f s", hubPg, hubJvm);
                out("   run %d %s: read %,d = accepted %,d + rejected %,d + duplicate %,d; %,d lines linked to customers",
                        run.id(), run.status(), run.read(), run.accepted(), run.rejected(), run.duplicate(), linked);
                out("   peak heap during the hub step: %,d MB (max heap %,d MB)", peakHeapMb(),
                        Runtime.getRuntime().maxMemory() >> 20);
                if (!onlyHub) {
                    ratios.add(hubSecs / copySecs);
                    out("   round %d: hub takes %.2fx the time of COPY", round, hubSecs / copySecs);
                }
            }

            if (!onlyHub) {
                Path naiveFile = home.resolve("pos-naive.csv");
                try (var w = Files.newBufferedWriter(naiveFile, StandardCharsets.UTF_8);
                     var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (long i = 0; i <= naiveLines; i++) {
                        w.write(r.readLine());
                        w.write('\n');
                    }
                }
                // the lines as a first route would store them: one table, one row per line, keyed by store, ticket and line
                jdbc.execute("""
                        create table naive_pos (store_id text not null, ticket_id text not null, line_no int not null,
                            ticket_ts timestamp not null, card_number text, sku text not null, category text,
                            quantity numeric(12, 3) not null, unit_price numeric(12, 2) not null,
                            discount numeric(12, 2) not null default 0, channel text not null, run_id bigint not null,
                            customer_id bigint, primary key (store_id, ticket_id, line_no))""");
                double naiveSecs = naive(ds, naiveFile, naiveLines, run.id());
                double naiveRate = naiveLines / naiveSecs;
                double hubRate = run.read() / hubSecs;
                out("3. Naive route (split + INSERT per row): %,d rows in %.2f s = %,.0f rows/s", naiveLines, naiveSecs, naiveRate);
                List<Double> sorted = ratios.stream().sorted().toList();
                double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
                out("Ratios: hub takes %.2fx the time of COPY, median of %d rounds %s (target within 3x); "
                        + "hub (last round) is %.1fx faster than the naive route (target 20x)", median, ratios.size(),
                        ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(), hubRate / naiveRate);
            }
        }
    }

    /** split(tokenize "\n").streaming() and one INSERT per line, as a first Camel route would do it. */
    private static double naive(HikariDataSource ds, Path file, long rows, long runId) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            SqlComponent sql = new SqlComponent();
            sql.setDataSource(ds);
            camel.addComponent("sql", sql);
            CountDownLatch done = new CountDownLatch(1);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("file:" + file.getParent() + "?fileName=" + file.getFileName() + "&noop=true&initialDelay=0")
                            .split(body().tokenize("\n")).streaming()
                            .filter(simple("${exchangeProperty.CamelSplitIndex} > 0 && ${body} != ''"))
                            .process(e -> {
                                String[] v = e.getIn().getBody(String.class).split(";", -1);
                                Map<String, Object> row = new LinkedHashMap<>();
                                row.put("store", v[0]);
                                row.put("ticket", v[1]);
                                row.put("ts", java.sql.Timestamp.valueOf(LocalDateTime.parse(v[2])));
                                row.put("card", v[3].isEmpty() ? null : v[3]);
                                row.put("line", Integer.parseInt(v[4]));
                                row.put("sku", v[5]);
                                row.put("cat", v[6]);
                                row.put("qty", new java.math.BigDecimal(v[7]));
                                row.put("price", new java.math.BigDecimal(v[8]));
                                row.put("disc", new java.math.BigDecimal(v[9]));
                                row.put("channel", v[10]);
                                row.put("run", runId);
                                e.getIn().setBody(row);
                            })
                            .to("sql:insert into naive_pos (store_id, ticket_id, ticket_ts, card_number, line_no, sku, category, "
                                    + "quantity, unit_price, discount, channel, run_id) values (:#store, :#ticket, :#ts, :#card, "
                                    + ":#line, :#sku, :#cat, :#qty, :#price, :#disc, :#channel, :#run)")
                            .end() // filter
                            .end() // split
                            .process(e -> done.countDown());
                }
            });
            long t0 = System.nanoTime();
            camel.start();
            if (!done.await(2, TimeUnit.HOURS)) {
                throw new IllegalStateException("naive route did not finish");
            }
            double s = secs(t0);
            Long n = new JdbcTemplate(ds).queryForObject("select count(*) from naive_pos", Long.class);
            if (n == null || n != rows) {
                throw new IllegalStateException("naive route inserted " + n + " rows, expected " + rows);
            }
            return s;
        }
    }

    static long generate(Path file, long lines, int customers, long seed, String ticketPrefix) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] categories = {"epicerie", "boissons", "hygiene", "textile", "maison", "jardin", "bricolage", "jouets"};
        LocalDateTime start = LocalDateTime.of(2026, 1, 1, 8, 0);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("store_id;ticket_id;ticket_ts;card_number;line_no;sku;category;quantity;unit_price;discount;channel\n");
            long written = 0;
            long ticket = 0;
            StringBuilder sb = new StringBuilder(160);
            while (written < lines) {
                ticket++;
                int store = 1 + rnd.nextInt(120);
                LocalDateTime ts = start.plusMinutes(ticket / 40);
                String card = rnd.nextInt(3) == 0 ? String.format(Locale.ROOT, "C%08d", 1 + rnd.nextInt(customers)) : "";
                // a ticket's lines share its store, time, card and channel, as a till writes them
                String channel = rnd.nextInt(8) == 0 ? "web" : "store";
                int n = 1 + rnd.nextInt(7);
                for (int line = 1; line <= n && written < lines; line++, written++) {
                    sb.setLength(0);
                    sb.append('S').append(store).append(';').append(ticketPrefix).append(ticket).append(';').append(ts).append(';')
                            .append(card).append(';').append(line).append(';').append("SKU").append(rnd.nextInt(50_000))
                            .append(';').append(categories[rnd.nextInt(categories.length)]).append(';')
                            .append(1 + rnd.nextInt(4)).append(';').append(rnd.nextInt(100)).append('.')
                            .append(10 + rnd.nextInt(90)).append(';').append(rnd.nextInt(10) == 0 ? "1.00" : "0")
                            .append(';').append(channel).append('\n');
                    w.write(sb.toString());
                }
            }
        }
        return Files.size(file);
    }

    private static HikariDataSource dataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static void resetPeak() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }
}
