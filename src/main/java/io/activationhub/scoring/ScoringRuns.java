package io.activationhub.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** Reads scoring snapshots: the runs, a customer's current scores, and migration matrices between two runs. */
@Component
public class ScoringRuns {

    /** Where a customer scored in one run but not the other sits in a migration matrix. */
    public static final String UNSCORED = "unscored";

    private static final List<String> JSON_COLUMNS = List.of("segment_counts", "settings", "model", "step_ms");

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public ScoringRuns(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The latest runs, newest first, with their settings, fitted models, segment counts and step durations. */
    public List<Map<String, Object>> runs(int limit) {
        List<Map<String, Object>> runs = jdbc.queryForList("""
                select id, status, trigger, as_of, window_days, fact_refresh, refreshed_customers, started_at, ended_at,
                       customer_count, segment_counts::text as segment_counts, top_revenue_share,
                       settings::text as settings, model::text as model, step_ms::text as step_ms, scores_purged, error
                from scoring_run order by id desc limit :limit""", Map.of("limit", limit));
        List<Map<String, Object>> out = new ArrayList<>(runs.size());
        for (Map<String, Object> run : runs) {
            Map<String, Object> r = new LinkedHashMap<>(run);
            for (String column : JSON_COLUMNS) {
                if (r.get(column) instanceof String text) {
                    try {
                        r.put(column, json.readValue(text, Map.class));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("scoring_run." + column + " is not JSON", e);
                    }
                }
            }
            out.add(r);
        }
        return out;
    }

    /** The current scores of a customer, or empty when the customer was not scored (never bought, or no run yet). */
    public Optional<Map<String, Object>> currentScores(long customerId) {
        return jdbc.queryForList("""
                select s.run_id, r.as_of, s.segment, s.recency_days, s.frequency, s.monetary, s.rfm_r, s.rfm_f, s.rfm_m,
                       s.first_purchase_at, s.last_purchase_at, s.purchase_days, s.expected_purchases_12m, s.p_alive,
                       s.churn_probability, s.expected_order_value, s.clv_12m, s.promo_share, s.price_profile,
                       s.top_categories, s.preferred_store_id, s.preferred_channel, s.top_customer
                from customer_score_current s join scoring_run r on r.id = s.run_id
                where s.customer_id = :id""", Map.of("id", customerId)).stream().findFirst().map(row -> {
            Map<String, Object> out = new LinkedHashMap<>(row);
            Object categories = out.get("top_categories");
            if (categories instanceof java.sql.Array array) {
                try {
                    out.put("top_categories", List.of((Object[]) array.getArray()));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        });
    }

    /**
     * Movements between the segments of two runs: per (from, to) cell the customers and the revenue of the
     * {@code to} run's window. A customer scored in one run only is {@value #UNSCORED} in the other.
     *
     * @throws NoSuchElementException when a run does not exist, failed, or its scores were purged
     */
    public Map<String, Object> migration(long from, long to) {
        Map<String, Object> fromRun = snapshot(from);
        Map<String, Object> toRun = snapshot(to);
        List<Map<String, Object>> cells = jdbc.queryForList("""
                select coalesce(f.segment, :unscored) as from_segment, coalesce(t.segment, :unscored) as to_segment,
                       count(*) as customers, coalesce(sum(t.monetary), 0) as revenue
                from (select customer_id, segment from customer_score where run_id = :from) f
                full join (select customer_id, segment, monetary from customer_score where run_id = :to) t
                       on t.customer_id = f.customer_id
                group by 1, 2""", new MapSqlParameterSource("from", from).addValue("to", to).addValue("unscored", UNSCORED));
        Set<String> segments = new LinkedHashSet<>(ScoringSettings.SEGMENTS);
        segments.add(UNSCORED);
        Map<String, Map<String, Map<String, Object>>> matrix = new LinkedHashMap<>();
        for (String f : segments) {
            Map<String, Map<String, Object>> row = new LinkedHashMap<>();
            for (String t : segments) {
                row.put(t, cell(0L, BigDecimal.ZERO));
            }
            matrix.put(f, row);
        }
        long moved = 0;
        long total = 0;
        List<Map<String, Object>> nonEmpty = new ArrayList<>();
        for (Map<String, Object> c : cells) {
            String f = (String) c.get("from_segment");
            String t = (String) c.get("to_segment");
            long n = ((Number) c.get("customers")).longValue();
            BigDecimal revenue = (BigDecimal) c.get("revenue");
            matrix.get(f).put(t, cell(n, revenue));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("from", f);
            entry.put("to", t);
            entry.putAll(cell(n, revenue));
            nonEmpty.add(entry);
            total += n;
            if (!f.equals(t)) {
                moved += n;
            }
        }
        nonEmpty.sort((a, b) -> Long.compare((Long) b.get("customers"), (Long) a.get("customers")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", fromRun);
        out.put("to", toRun);
        out.put("segments", List.copyOf(segments));
        out.put("customers", total);
        out.put("moved", moved);
        out.put("matrix", matrix);
        out.put("cells", nonEmpty);
        return out;
    }

    private static Map<String, Object> cell(long customers, BigDecimal revenue) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("customers", customers);
        c.put("revenue", revenue);
        return c;
    }

    private Map<String, Object> snapshot(long runId) {
        Map<String, Object> run = jdbc.queryForList("""
                select id, status, as_of, window_days, customer_count, scores_purged from scoring_run where id = :id""",
                Map.of("id", runId)).stream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("no scoring run " + runId));
        if (!"SUCCEEDED".equals(run.get("status"))) {
            throw new NoSuchElementException("scoring run " + runId + " has no scores: it " + run.get("status"));
        }
        if (Boolean.TRUE.equals(run.get("scores_purged"))) {
            throw new NoSuchElementException("the scores of run " + runId + " were purged (hub.scoring.keep-runs)");
        }
        return run;
    }
}
