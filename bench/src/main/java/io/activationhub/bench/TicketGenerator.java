package io.activationhub.bench;

import io.activationhub.scoring.BgNbdModel;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic customers and till tickets, loaded with COPY. Each customer makes a first purchase on a
 * uniform day of the period, then buys as BG/NBD says (rate ~ Gamma(r, alpha) per week, dropout after each repeat
 * purchase with p ~ Beta(a, b)); tickets carry 1 + Poisson lines sized to reach the requested line count, a home
 * store (or the web for web and mixed buyers), categories with a favourite, prices with a per-customer spend level,
 * and discounts by promotion propensity. Tickets go to pos_ticket, their lines to pos_ticket_item (read together
 * through the pos_ticket_line view). The same seed gives the same rows.
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

    /**
     * COPYs the customers and their tickets and items (one feed run) into the store. {@code tickets} is what
     * {@link #countTickets()} gives: the lines per ticket are sized on it, and as many ticket keys are reserved.
     */
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
        long firstKey = reserveKeys(connection, tickets);
        TicketCopy copy = new TicketCopy(pg);
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
                if (ticketNo == tickets) {
                    throw new IllegalStateException(
                            "more tickets than the " + tickets + " keys reserved: pass countTickets()");
                }
                long key = firstKey + ticketNo;
                String ticket = "T" + (++ticketNo);
                copy.tickets.append(key).append('\t').append(storeId).append('\t').append(ticket).append('\t')
                        .append(ts).append('\t').append(card).append('\t').append(onWeb ? "web" : "store").append('\t')
                        .append(run).append('\t').append(id).append('\n');
                int n = 1 + poisson(details, extraLines);
                for (int line = 1; line <= n; line++) {
                    int category = details.nextDouble() < 0.5 ? favourite : details.nextInt(CATEGORIES.length);
                    int quantity = details.nextDouble() < 0.8 ? 1 : 2;
                    long priceCents = Math.max(99, Math.round(Math.exp(3 + 0.6 * gaussian(details)) * spendLevel * 100));
                    long discountCents = details.nextDouble() < promo ? priceCents * quantity / 5 : 0;
                    copy.items.append(key).append('\t').append(line).append('\t').append("SKU-")
                            .append(category * 1000 + details.nextInt(1000)).append('\t').append(CATEGORIES[category])
                            .append('\t').append(quantity).append('\t');
                    cents(copy.items, priceCents).append('\t');
                    cents(copy.items, discountCents).append('\t').append(run).append('\n');
                    lines++;
                }
                copy.flushIfFull();
            }
        }
        copy.finish();
        return new Generated(customers, ticketNo, lines, (double) lines / ticketNo);
    }

    /**
     * A day of new tills: three lines for every {@code every}-th customer on {@code day}, under ticket id
     * {@code N<day>-<customer>}. Each line draws its own store, as it did when lines were stored whole, so a customer's
     * lines make one ticket per distinct store among them (the rows are the same as then).
     */
    long loadNewDay(Connection connection, long feedRunId, LocalDate day, int every) throws SQLException {
        // at most three tickets a customer; the keys of the rare customer with two lines in one store stay unused
        long key = reserveKeys(connection, 3 * (customers / every));
        TicketCopy copy = new TicketCopy(connection.unwrap(PGConnection.class));
        SplittableRandom random = new SplittableRandom(seed + day.toEpochDay());
        String[] ticketStores = new String[3];
        long[] ticketKeys = new long[3];
        long lines = 0;
        for (long id = every; id <= customers; id += every) {
            String ticket = "N" + day + "-" + id;
            int opened = 0;
            for (int line = 1; line <= 3; line++) {
                int category = random.nextInt(CATEGORIES.length);
                String storeId = store(1 + random.nextInt(STORES));
                int t = 0;
                while (t < opened && !ticketStores[t].equals(storeId)) {
                    t++;
                }
                if (t == opened) {
                    ticketStores[opened] = storeId;
                    ticketKeys[opened++] = key;
                    copy.tickets.append(key++).append('\t').append(storeId).append('\t').append(ticket).append('\t')
                            .append(day).append(" 15:00:00\tC").append(id).append("\tstore\t").append(feedRunId)
                            .append('\t').append(id).append('\n');
                }
                copy.items.append(ticketKeys[t]).append('\t').append(line).append("\tSKU-1\t")
                        .append(CATEGORIES[category]).append("\t1\t");
                cents(copy.items, 1000 + random.nextInt(5000)).append("\t0.00\t").append(feedRunId).append('\n');
                lines++;
            }
            copy.flushIfFull();
        }
        copy.finish();
        return lines;
    }

    /**
     * Reserves {@code n} consecutive ticket keys and returns the first. One statement for the whole block, where a
     * nextval per ticket would cost millions of calls; the block is consecutive only because the generator loads
     * alone (another session's nextval between the two calls would fall inside it). The sequence ends on the block's
     * last key, so later ingests take keys beyond it.
     */
    private static long reserveKeys(Connection connection, long n) throws SQLException {
        if (n == 0) {
            // setval would be asked for the value before nextval's, 0 on a fresh sequence, which it refuses
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "select setval('pos_ticket_key_seq', nextval('pos_ticket_key_seq') + ? - 1)")) {
            statement.setLong(1, n);
            try (ResultSet last = statement.executeQuery()) {
                last.next();
                return last.getLong(1) - n + 1;
            }
        }
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

    /**
     * Tickets and their items through one connection, which runs one COPY at a time: items stream in a COPY as they
     * are made, tickets are held back and sent in blocks, each between two item COPYs, so memory stays bounded however
     * many tickets are made. No key ties an item to its ticket in the store, so which goes first does not matter.
     */
    private static final class TicketCopy {
        private static final String TICKET_COPY = "copy pos_ticket (ticket_key, store_id, ticket_id, ticket_ts, "
                + "card_number, channel, run_id, customer_id) from stdin";
        private static final String ITEM_COPY = "copy pos_ticket_item (ticket_key, line_no, sku, category, quantity, "
                + "unit_price, discount, run_id) from stdin";
        /** About 120,000 tickets: a few dozen blocks for the largest generations, a few tens of MB of heap. */
        private static final int TICKET_BLOCK = 8 << 20;

        final StringBuilder tickets = new StringBuilder(1 << 20);
        final StringBuilder items = new StringBuilder(1 << 20);
        private final CopyManager copies;
        private CopyIn itemCopy;

        TicketCopy(PGConnection connection) throws SQLException {
            copies = connection.getCopyAPI();
        }

        /** After a ticket (or a customer's tickets): sends what has piled up. */
        void flushIfFull() throws SQLException {
            if (items.length() > (1 << 20) - 4096) {
                flush(itemCopy(), items);
            }
            if (tickets.length() > TICKET_BLOCK) {
                sendTickets();
            }
        }

        void finish() throws SQLException {
            sendTickets();
        }

        private CopyIn itemCopy() throws SQLException {
            if (itemCopy == null) {
                itemCopy = copies.copyIn(ITEM_COPY);
            }
            return itemCopy;
        }

        private void sendTickets() throws SQLException {
            if (itemCopy != null || items.length() > 0) {
                flush(itemCopy(), items);
                itemCopy.endCopy();
                itemCopy = null;
            }
            CopyIn ticketCopy = copies.copyIn(TICKET_COPY);
            flush(ticketCopy, tickets);
            ticketCopy.endCopy();
        }
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
