package io.activationhub.feed;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stores and reads the data-quality report of feed runs. */
@Repository
public class DataQualityReports {

    private final NamedParameterJdbcTemplate jdbc;

    public DataQualityReports(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final String ADD = """
            insert into data_quality_count (run_id, field, outcome, code, count) values (?, ?, ?, ?, ?)
            on conflict (run_id, field, outcome, code) do update set count = data_quality_count.count + excluded.count""";

    /** Adds a run's counts (several reconciliation passes over one run add up). */
    public void add(long runId, DataQualityCounts counts) {
        // the caller's transaction's connection, as any statement of the template
        jdbc.getJdbcTemplate().execute((org.springframework.jdbc.core.ConnectionCallback<Void>) con -> {
            add(con, runId, counts);
            return null;
        });
    }

    /** {@link #add(long, DataQualityCounts)} on a connection of one's own (a file's ingestion, in its transaction). */
    public static void add(java.sql.Connection con, long runId, DataQualityCounts counts) throws java.sql.SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (java.sql.PreparedStatement ps = con.prepareStatement(ADD)) {
            for (Map.Entry<DataQualityCounts.Key, Long> e : counts.counts().entrySet()) {
                ps.setLong(1, runId);
                ps.setString(2, e.getKey().field());
                ps.setString(3, e.getKey().outcome());
                ps.setString(4, e.getKey().code());
                ps.setLong(5, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The report of one run: totals per field and outcome, and the detail per rule. */
    public Map<String, Object> report(long runId) {
        List<Map<String, Object>> detail = jdbc.queryForList("""
                select field, outcome, code, count from data_quality_count where run_id = :run
                order by field, outcome, count desc, code""", Map.of("run", runId));
        Map<String, Map<String, Long>> totals = new LinkedHashMap<>();
        for (Map<String, Object> row : detail) {
            totals.computeIfAbsent((String) row.get("field"), f -> new LinkedHashMap<>())
                    .merge((String) row.get("outcome"), ((Number) row.get("count")).longValue(), Long::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", runId);
        out.put("totals", totals);
        out.put("detail", detail);
        return out;
    }

    /** Per feed, over its last runs: the same totals, to compare sources. */
    public List<Map<String, Object>> bySource(int lastRuns) {
        return jdbc.queryForList("""
                select r.feed_id as feed, q.field, q.outcome, sum(q.count) as count
                from data_quality_count q join feed_run r on r.id = q.run_id
                where r.id in (select id from (select id, row_number() over (partition by feed_id order by id desc) as n
                                               from feed_run) x where n <= :last)
                group by r.feed_id, q.field, q.outcome order by r.feed_id, q.field, q.outcome""", Map.of("last", lastRuns));
    }
}
