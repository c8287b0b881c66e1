package io.activationhub.bench;

import io.activationhub.scoring.BgNbdModel;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic customers and till tickets, loaded with COPY. Each customer makes a first purchase on a
 * uniform day of the period, then buys as BG/NBD says (rate ~ Gamma(r, alpha) per week, dropout after each repeat
 * purchase with p ~ Beta(a, b)); tickets carry 1 + Poisson lines sized to reach the requested line count, a home
 * store (or the web for web and mixed buyers), categories with a favourite, prices with a per-customer spend level,
 * and discounts by promotion propensity. The same seed gives the same rows.
 */
final class TicketGenerator {

    /** The process the purchases are drawn from (weeks). */
    static final BgNbdModel TRUTH = new BgNbdModel(1.0, 5.0, 0.9, 4.0);
    static final String[] CATEGORIES = {"robes", "pulls", "pantalons", "chemises", "manteaux", "chaussures",
            "accessoires", "lingerie", "sport", "enfant", "maison", "beaute"};
    private static final int STORES = 200;

    private final long customers;
    private final long targetLines;
    private final long seed;
    private final LocalDate start;
    private final int days;
    private final String[] dayText;

    TicketGenerator(long customers, long targetLines, long seed, LocalDate start, LocalDate end) {
        this.customers = customers;
        this.targetLines = targetLines;
        this.seed = seed;
        this.start = start;
        this.days = (int) (end.toEpochDay() - start.toEpochDay());
        this.dayText = new String[days + 1];
        for (int d = 0; d <= days; d++) {
            dayText[d] = start.plusDays(d).toString();
        }
    }

    /** What was generated. */
    record Generated(long customers, long tickets, long lines, double meanLinesPerTicket) {
    }

    /** Purchase times of one customer, in days from the start of the period (the first is the first purchase). */
    private static final class Purchases {
        final RandomGenerator random;
        final GammaDistribution rates;
        final BetaDistribution dropout;
        double[] times = new double[64];
        int count;

        Purchases(long seed) {
            random = new Well19937c(seed);
            rates = new GammaDistribution(random, TRUTH.r(), 1 / TRUTH.alpha());
            dropout = new BetaDistribution(random, TRUTH.a(), TRUTH.b());
        }

        void next(int days) {
            double perDay = rates.sample() / 7;
            double p = dropout.sample();
            double t = random.nextDouble() * days;
            count = 0;
            add(t);
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / perDay;
                if (t >= days) {
                    return;
                }
                add(t);
                if (random.nextDouble() < p) {
                    return;
                }
            }
        }

        private void add(double t) {
            if (count == times.length) {
                times = java.util.Arrays.copyOf(times, count * 2);
            }
            times[count++] = t;
        }
    }

    /** Counts the tickets the seed gives (same purchase stream as {@link #load}), to size the lines per ticket. */
    long countTickets() {
        Purchases purchases = new Purchases(seed);
        long tickets = 0;
        for (long c = 0; c < customers; c++) {
            purchases.next(days);
            tickets += purchases.count;
        }
        return tickets;
    }

    /** COPYs the customers and their ticket lines (one feed run) into the store. */
    Generated load(Connection connection, long feedRunId, long tickets) throws SQLException {
        double extraLines = Math.max(0, (double) targetLines / tickets - 1);
        PGConnection pg = connection.unwrap(PGConnection.class);
        CopyIn customerCopy = pg.getCopyAPI().copyIn(
                "copy customer (id, home_store_id, enrolled_at) from stdin");
        StringBuilder rows = new StringBuilder(1 << 20);
        SplittableRandom details = new SplittableRandom(seed * 31 + 7);
        for (long id = 1; id <= customers; id++) {
            rows.append(id).append('\t').append(store(1 + details.nextInt(STORES))).append('\t')
                    .append(dayText[details.nextInt(days)]).append(" 00:00:00+00\n");
            flushIfFull(customerCopy, rows);
        }
        flush(customerCopy, rows);
        customerCopy.endCopy();

        Purchases purchases = new Purchases(seed);
        CopyIn lineCopy = pg.getCopyAPI().copyIn("copy pos_ticket_line (store_id, ticket_id, line_no, ticket_ts, "
                + "card_number, sku, category, quantity, unit_price, discount, channel, run_id, customer_id) from stdin");
        long ticketNo = 0;
        long lines = 0;
        String run = Long.toString(feedRunId);
        for (long id = 1; id <= customers; id++) {
            purchases.next(days);
            String home = store(1 + (int) ((id * 2654435761L) % STORES));
            double roll = details.nextDouble();
            double web = roll < 0.6 ? 0 : roll < 0.7 ? 1 : 0.3;
            roll = details.nextDouble();
            double promo = roll < 0.4 ? 0.03 : roll < 0.8 ? 0.25 : 0.65;
            int favourite = details.nextInt(CATEGORIES.length);
            double spendLevel = gamma4(details);
            String card = "C" + id;
            for (int k = 0; k < purchases.count; k++) {
                double t = purchases.times[k];
                int day = (int) t;
                int second = 9 * 3600 + (int) ((t - day) * 11 * 3600);
                String ts = dayText[day] + ' ' + two(second / 3600) + ':' + two(second / 60 % 60) + ':' + two(second % 60);
                boolean onWeb = details.nextDouble() < web;
                String storeId = onWeb ? "WEB" : details.nextDouble() < 0.85 ? home : store(1 + details.nextInt(STORES));
                String ticket = "T" + (++ticketNo);
                int n = 1 + poisson(details, extraLines);
                for (int line = 1; line <= n; line++) {
                    int category = details.nextDouble() < 0.5 ? favourite : details.nextInt(CATEGORIES.length);
                    int quantity = details.nextDouble() < 0.8 ? 1 : 2;
                    long priceCents = Math.max(99, Math.round(Math.exp(3 + 0.6 * gaussian(details)) * spendLevel * 100));
                    long discountCents = details.nextDouble() < promo ? priceCents * quantity / 5 : 0;
                    rows.append(storeId).append('\t').append(ticket).append('\t').append(line).append('\t').append(ts)
                            .append('\t').append(card).append('\t').append("SKU-").append(category * 1000 + details.nextInt(1000))
                            .append('\t').append(CATEGORIES[category]).append('\t').append(quantity).append('\t');
                    cents(rows, priceCents).append('\t');
                    cents(rows, discountCents).append('\t').append(onWeb ? "web" : "store").append('\t').append(run)
                            .append('\t').append(id).append('\n');
                    lines++;
                }
                flushIfFull(lineCopy, rows);
            }
        }
        flush(lineCopy, rows);
        lineCopy.endCopy();
        return new Generated(customers, ticketNo, lines, (double) lines / ticketNo);
    }

    /** One more ticket for every {@code every}-th customer on {@code day}: what a day of new tills looks like. */
    long loadNewDay(Connection connection, long feedRunId, LocalDate day, int every) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy pos_ticket_line (store_id, "
                + "ticket_id, line_no, ticket_ts, card_number, sku, category, quantity, unit_price, discount, channel, "
                + "run_id, customer_id) from stdin");
        StringBuilder rows = new StringBuilder(1 << 20);
        SplittableRandom random = new SplittableRandom(seed + day.toEpochDay());
        long lines = 0;
        for (long id = every; id <= customers; id += every) {
            String ticket = "N" + day + "-" + id;
            for (int line = 1; line <= 3; line++) {
                int category = random.nextInt(CATEGORIES.length);
                rows.append(store(1 + random.nextInt(STORES))).append('\t').append(ticket).append('\t').append(line)
                        .append('\t').append(day).append(" 15:00:00\tC").append(id).append("\tSKU-1\t")
                        .append(CATEGORIES[category]).append("\t1\t");
                cents(rows, 1000 + random.nextInt(5000)).append("\t0.00\tstore\t").append(feedRunId).append('\t')
                        .append(id).append('\n');
                lines++;
            }
            flushIfFull(copy, rows);
        }
        flush(copy, rows);
        copy.endCopy();
        return lines;
    }

    private static String store(int n) {
        return n < 10 ? "S00" + n : n < 100 ? "S0" + n : "S" + n;
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static StringBuilder cents(StringBuilder sb, long cents) {
        sb.append(cents / 100).append('.');
        long c = cents % 100;
        return sb.append(c < 10 ? "0" : "").append(c);
    }

    private static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: two uniforms, one normal
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Gamma(4, 1/4): mean 1, a customer's spend level. */
    private static double gamma4(SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += -Math.log(1 - random.nextDouble());
        }
        return sum / 4;
    }

    private static void flushIfFull(CopyIn copy, StringBuilder rows) throws SQLException {
        if (rows.length() > (1 << 20) - 4096) {
            flush(copy, rows);
        }
    }

    private static void flush(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }
}
