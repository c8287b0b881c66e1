package io.activationhub.scoring;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The churn and lifetime-value step of a scoring run: reads every customer's purchase history from the run's stage
 * table, fits BG/NBD and Gamma-Gamma by maximum likelihood on a deterministic sample, predicts the next 365 days for
 * every customer and writes the predictions with COPY into the run's {@code score_model} table.
 * A purchase is a purchase day (several tickets on one day count once), time is in weeks.
 */
public final class LifetimeValues {

    private static final double WEEK_DAYS = 7.0;

    private LifetimeValues() {
    }

    /** The fitted models and what they were fitted on. */
    public record Models(BgNbdModel.Estimate purchases, GammaGammaModel.Estimate spend, double fallbackOrderValue) {

        /** Expected revenue per purchase day: Gamma-Gamma, or the observed mean when it has no finite population mean. */
        public double expectedOrderValue(int x, double repeatMean) {
            if (spend == null || (x == 0 && !Double.isFinite(spend.model().populationMeanValue()))) {
                return x == 0 || !(repeatMean > 0) ? fallbackOrderValue : repeatMean;
            }
            return spend.model().expectedMeanValue(x, repeatMean);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            BgNbdModel p = purchases.model();
            m.put("bgnbd", Map.of("r", p.r(), "alpha", p.alpha(), "a", p.a(), "b", p.b(),
                    "logLikelihood", purchases.logLikelihood(), "customers", purchases.customers(),
                    "evaluations", purchases.evaluations()));
            if (spend != null) {
                GammaGammaModel g = spend.model();
                m.put("gammaGamma", Map.of("p", g.p(), "q", g.q(), "gamma", g.gamma(),
                        "logLikelihood", spend.logLikelihood(), "customers", spend.customers(),
                        "evaluations", spend.evaluations()));
            }
            m.put("timeUnit", "week");
            m.put("purchase", "a purchase day");
            return m;
        }
    }

    /** Customers' model inputs held in arrays (a million customers take about 30 MB). */
    static final class Inputs {
        int size;
        long[] customerId = new long[1024];
        int[] x = new int[1024];
        int[] txDays = new int[1024];
        int[] ageDays = new int[1024];
        double[] repeatMean = new double[1024];

        void add(long id, int xs, int tx, int age, double mean) {
            if (size == customerId.length) {
                int c = size * 2;
                customerId = Arrays.copyOf(customerId, c);
                x = Arrays.copyOf(x, c);
                txDays = Arrays.copyOf(txDays, c);
                ageDays = Arrays.copyOf(ageDays, c);
                repeatMean = Arrays.copyOf(repeatMean, c);
            }
            customerId[size] = id;
            x[size] = xs;
            txDays[size] = tx;
            ageDays[size] = age;
            repeatMean[size] = mean;
            size++;
        }
    }

    /** Fits on at most {@code sample} customers taken at a regular stride in customer order (deterministic). */
    static Models fit(Inputs in, int sample) {
        int n = in.size;
        PurchaseHistories histories = new PurchaseHistories(Math.min(n, sample));
        GammaGammaModel.SpendHistories spend = new GammaGammaModel.SpendHistories();
        double sum = 0;
        long count = 0;
        long taken = 0;
        for (int i = 0; i < n; i++) {
            // the i-th customer is taken when the running quota floor((i+1) * sample / n) moves
            if (n > sample && (long) (i + 1) * sample / n == taken) {
                continue;
            }
            taken++;
            histories.add(in.x[i], in.txDays[i] / WEEK_DAYS, in.ageDays[i] / WEEK_DAYS);
            spend.add(in.x[i], in.repeatMean[i]);
            if (in.x[i] > 0 && in.repeatMean[i] > 0) {
                sum += in.repeatMean[i];
                count++;
            }
        }
        BgNbdModel.Estimate purchases = BgNbdModel.fit(histories);
        GammaGammaModel.Estimate value = spend.size() >= 10 ? GammaGammaModel.fit(spend) : null;
        return new Models(purchases, value, count == 0 ? 0 : sum / count);
    }

    /** Runs the step on the stage table of the current transaction; returns the fitted models. */
    static Models score(DataSource dataSource, LocalDateTime asOf, int fitSample) throws SQLException {
        Inputs in = new Inputs();
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(50_000);
        new NamedParameterJdbcTemplate(streaming).query(ScoringSql.MODEL_INPUT, Map.of("asOf", asOf), rs -> {
            double mean = rs.getDouble(5);
            in.add(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.wasNull() ? 0 : mean);
        });
        if (in.size == 0) {
            return null;
        }
        Models models = fit(in, fitSample);
        BgNbdModel bg = models.purchases().model();
        double horizon = ScoringSettings.HORIZON_DAYS / WEEK_DAYS;
        streaming.execute(ScoringSql.MODEL_TABLE);
        // the connection of the caller's transaction, where the temporary tables live
        Connection connection = DataSourceUtils.getConnection(dataSource);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy score_model (customer_id, expected_purchases, p_alive, churn_probability, "
                        + "expected_order_value, clv) from stdin");
        try {
            StringBuilder rows = new StringBuilder(1 << 20);
            for (int i = 0; i < in.size; i++) {
                int x = in.x[i];
                double tx = in.txDays[i] / WEEK_DAYS;
                double age = in.ageDays[i] / WEEK_DAYS;
                double expected = bg.expectedPurchases(horizon, x, tx, age);
                double alive = bg.probabilityAlive(x, tx, age);
                double silent = bg.probabilityNoPurchase(horizon, x, tx, age);
                double orderValue = models.expectedOrderValue(x, in.repeatMean[i]);
                rows.append(in.customerId[i]).append('\t')
                        .append(String.format(Locale.ROOT, "%.6f\t%.6f\t%.6f\t%.2f\t%.2f", expected, alive, silent,
                                orderValue, expected * orderValue)).append('\n');
                if (rows.length() > (1 << 20) - 256) {
                    write(copy, rows);
                }
            }
            write(copy, rows);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return models;
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.US_ASCII);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }
}
