package io.activationhub.bench;

import io.activationhub.scoring.BgNbdModel;
import io.activationhub.scoring.PurchaseHistories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Calibration of the purchase model on held-out data: BG/NBD is fitted on the purchase days before a cut-off
 * (the calibration period), then its expected purchases in the holdout period are compared with the purchase days
 * customers actually made there, per number of repeat purchases in calibration; and its probability of no purchase
 * (the churn score) with the share of customers who made none, per decile of that probability.
 */
final class HoldoutCalibration {

    private HoldoutCalibration() {
    }

    static void run(DataSource dataSource, LocalDate cut, LocalDate end, int fitSample, PrintStream out) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(50_000);
        int capacity = 1 << 20;
        int[][] holder = {new int[capacity], new int[capacity], new int[capacity], new int[capacity]};
        int[] size = {0};
        long t0 = System.nanoTime();
        new NamedParameterJdbcTemplate(streaming).query("""
                select count(distinct d) filter (where d < :cut) - 1                as x,
                       max(d) filter (where d < :cut) - min(d)                      as tx_days,
                       cast(:cut as date) - min(d)                                  as age_days,
                       count(distinct d) filter (where d >= :cut)                   as holdout_days
                from (select customer_id, ticket_ts::date as d from customer_ticket where ticket_ts < :end) t
                group by customer_id
                having min(d) < :cut
                order by customer_id""", Map.of("cut", cut, "end", end.atStartOfDay()), rs -> {
            if (size[0] == holder[0].length) {
                for (int k = 0; k < 4; k++) {
                    holder[k] = Arrays.copyOf(holder[k], size[0] * 2);
                }
            }
            for (int k = 0; k < 4; k++) {
                holder[k][size[0]] = rs.getInt(k + 1);
            }
            size[0]++;
        });
        int n = size[0];
        int[] x = holder[0];
        int[] tx = holder[1];
        int[] age = holder[2];
        int[] actual = holder[3];
        PurchaseHistories calibration = new PurchaseHistories(Math.min(n, fitSample));
        long taken = 0;
        for (int i = 0; i < n; i++) {
            if (n > fitSample && (long) (i + 1) * fitSample / n == taken) {
                continue;
            }
            taken++;
            calibration.add(x[i], tx[i] / 7.0, age[i] / 7.0);
        }
        BgNbdModel.Estimate estimate = BgNbdModel.fit(calibration);
        BgNbdModel m = estimate.model();
        double horizon = (end.toEpochDay() - cut.toEpochDay()) / 7.0;
        out.printf(Locale.ROOT, "%nHoldout calibration: fitted on purchase days before %s, holdout %s to %s (%.1f weeks), %d customers (%.1f s)%n",
                cut, cut, end.minusDays(1), horizon, n, (System.nanoTime() - t0) / 1e9);
        out.printf(Locale.ROOT, "  generating process: r=%.3f alpha=%.3f a=%.3f b=%.3f%n", TicketGenerator.TRUTH.r(),
                TicketGenerator.TRUTH.alpha(), TicketGenerator.TRUTH.a(), TicketGenerator.TRUTH.b());
        out.printf(Locale.ROOT, "  fitted (%d customers):   r=%.3f alpha=%.3f a=%.3f b=%.3f  log-likelihood %.1f%n",
                estimate.customers(), m.r(), m.alpha(), m.a(), m.b(), estimate.logLikelihood());

        int buckets = 8;
        long[] count = new long[buckets];
        double[] sumActual = new double[buckets];
        double[] sumPredicted = new double[buckets];
        double[] silentPredicted = new double[n];
        for (int i = 0; i < n; i++) {
            double predicted = m.expectedPurchases(horizon, x[i], tx[i] / 7.0, age[i] / 7.0);
            int b = Math.min(x[i], buckets - 1);
            count[b]++;
            sumActual[b] += actual[i];
            sumPredicted[b] += predicted;
            silentPredicted[i] = m.probabilityNoPurchase(horizon, x[i], tx[i] / 7.0, age[i] / 7.0);
        }
        out.println("  repeat purchases in calibration | customers | actual purchases in holdout (mean) | predicted (mean)");
        double totalActual = 0;
        double totalPredicted = 0;
        for (int b = 0; b < buckets; b++) {
            totalActual += sumActual[b];
            totalPredicted += sumPredicted[b];
            out.printf(Locale.ROOT, "  %-31s | %9d | %35.3f | %16.3f%n", b == buckets - 1 ? b + "+" : Integer.toString(b),
                    count[b], sumActual[b] / Math.max(1, count[b]), sumPredicted[b] / Math.max(1, count[b]));
        }
        out.printf(Locale.ROOT, "  %-31s | %9d | %35.0f | %16.0f  (total purchase days)%n", "all", n, totalActual, totalPredicted);

        // churn score: predicted probability of no purchase in the holdout against the share who made none
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(silentPredicted[a], silentPredicted[b]));
        out.println("  decile of P(no purchase in holdout) | customers | predicted (mean) | actual share with no purchase");
        for (int d = 0; d < 10; d++) {
            int from = (int) ((long) n * d / 10);
            int to = (int) ((long) n * (d + 1) / 10);
            double predicted = 0;
            int silent = 0;
            for (int k = from; k < to; k++) {
                predicted += silentPredicted[order[k]];
                silent += actual[order[k]] == 0 ? 1 : 0;
            }
            int c = Math.max(1, to - from);
            out.printf(Locale.ROOT, "  %-35d | %9d | %16.3f | %29.3f%n", d + 1, to - from, predicted / c, (double) silent / c);
        }
    }
}
