package io.activationhub.feed;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records every feed and every ingestion run (start, end, status, counts). */
@Repository
public class FeedRunLedger {

    private static final RowMapper<FeedRun> RUN = (rs, i) -> new FeedRun(
            rs.getLong("id"), rs.getString("feed_id"), rs.getString("source_name"), rs.getString("status"),
            rs.getObject("started_at", OffsetDateTime.class), rs.getObject("ended_at", OffsetDateTime.class),
            rs.getLong("read_count"), rs.getLong("accepted_count"), rs.getLong("rejected_count"),
            rs.getLong("duplicate_count"), rs.getString("error"), rs.getString("quarantine_file"),
            (Long) rs.getObject("duplicate_of_run"), rs.getObject("reconciled_at", OffsetDateTime.class),
            (Long) rs.getObject("progress_rows"));

    private final NamedParameterJdbcTemplate jdbc;

    public FeedRunLedger(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private io.activationhub.infra.HubMetrics metrics;

    /** The hub's metrics (README.md "Metrics"); absent in tests that build this class by hand. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setMetrics(io.activationhub.infra.HubMetrics metrics) {
        this.metrics = metrics;
    }

    public void declareFeed(String id, String kind, String description) {
        jdbc.update("""
                insert into feed (id, kind, description) values (:id, :kind, :description)
                on conflict (id) do update set kind = excluded.kind, description = excluded.description""",
                Map.of("id", id, "kind", kind, "description", description));
    }

    public long start(String feedId, String sourceName, String sha256, String instanceId) {
        return jdbc.queryForObject("""
                insert into feed_run (feed_id, source_name, content_sha256, status, instance_id)
                values (:feed, :source, :sha, 'RUNNING', :instance) returning id""",
                new MapSqlParameterSource("feed", feedId).addValue("source", sourceName).addValue("sha", sha256)
                        .addValue("instance", instanceId), Long.class);
    }

    /** Ends a run that was not loaded from a file (polls, streams): counts, status and an optional note. */
    public void finish(long runId, String status, long read, long accepted, long rejected, long duplicate, String note) {
        jdbc.update("""
                update feed_run set status = :status, ended_at = now(), read_count = :read, accepted_count = :accepted,
                       rejected_count = :rejected, duplicate_count = :duplicate, error = :note
                where id = :id""",
                new MapSqlParameterSource("id", runId).addValue("status", status).addValue("read", read)
                        .addValue("accepted", accepted).addValue("rejected", rejected).addValue("duplicate", duplicate)
                        .addValue("note", truncate(note)));
        if (metrics != null) {
            run(runId).ifPresent(r -> metrics.feedRows(r.feedId(), read, accepted, rejected, duplicate));
        }
    }

    public void fail(long runId, String error) {
        jdbc.update("""
                update feed_run set status = 'FAILED', ended_at = now(), error = :error where id = :id""",
                new MapSqlParameterSource("id", runId).addValue("error", truncate(error)));
    }

    /** Fails a run still RUNNING (one that committed meanwhile keeps its status); tells whether it did. */
    public boolean failIfRunning(long runId, String error) {
        return jdbc.update("""
                update feed_run set status = 'FAILED', ended_at = now(), error = :error
                where id = :id and status = 'RUNNING'""",
                new MapSqlParameterSource("id", runId).addValue("error", truncate(error))) == 1;
    }

    /** Runs this instance left RUNNING when it stopped (killed, crashed): their rows were rolled back. */
    public int markInterrupted(String instanceId) {
        return jdbc.update("""
                update feed_run set status = 'INTERRUPTED', ended_at = now(),
                       error = 'the hub stopped during this run; its rows were rolled back and the file is ingested again'
                where status = 'RUNNING' and instance_id = :instance""", Map.of("instance", instanceId));
    }

    public List<Feed> feeds() {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select f.id, f.kind, f.description, (select count(*) from feed_run r where r.feed_id = f.id) as runs,
                       (select max(r.id) from feed_run r where r.feed_id = f.id) as last_run
                from feed f order by f.id""", Map.of());
        return rows.stream().map(r -> new Feed((String) r.get("id"), (String) r.get("kind"),
                (String) r.get("description"), r.get("last_run") == null ? null : run((Long) r.get("last_run")).orElse(null),
                ((Number) r.get("runs")).longValue())).toList();
    }

    public boolean feedExists(String feedId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists(select 1 from feed where id = :id)",
                Map.of("id", feedId), Boolean.class));
    }

    public List<FeedRun> runs(String feedId, int limit) {
        return jdbc.query("select * from feed_run where feed_id = :feed order by id desc limit :limit",
                new MapSqlParameterSource("feed", feedId).addValue("limit", limit), RUN);
    }

    public Optional<FeedRun> run(long id) {
        return jdbc.query("select * from feed_run where id = :id", Map.of("id", id), RUN).stream().findFirst();
    }

    public List<FeedRun> unreconciled(String feedId) {
        return jdbc.query("""
                select * from feed_run where feed_id = :feed and status = 'SUCCEEDED' and reconciled_at is null
                order by id""", Map.of("feed", feedId), RUN);
    }

    /** Advisory lock key serialising reconciliation across hub instances (one transaction at a time). */
    public static final long RECONCILIATION_LOCK = 0x4855425245434fL;

    /**
     * Within the caller's transaction: waits for the cluster-wide reconciliation lock (several hub instances share
     * one PostgreSQL), then tells whether the run still needs reconciling. Another instance may have reconciled it
     * while this one waited (it was announced on Kafka and also found by a periodic sweep).
     */
    public boolean claimForReconciliation(long runId) {
        lockReconciliation();
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from feed_run where id = :id and reconciled_at is null)", Map.of("id", runId),
                Boolean.class));
    }

    /** Within the caller's transaction: waits for the cluster-wide reconciliation lock. */
    public void lockReconciliation() {
        jdbc.queryForList("select pg_advisory_xact_lock(:k)", Map.of("k", RECONCILIATION_LOCK));
    }

    /** Lines read so far by a run in progress (its own connection, committed at once: visible while it runs). */
    public void progress(long runId, long rows) {
        jdbc.update("update feed_run set progress_rows = :n where id = :id", Map.of("n", rows, "id", runId));
    }

    public void markReconciled(long runId) {
        jdbc.update("update feed_run set reconciled_at = now() where id = :id", Map.of("id", runId));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
