package io.activationhub.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.infra.AdvisoryLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scoring run: refresh the ticket facts, compute RFM and segments, fit and apply the churn and lifetime-value
 * models, derive behavioural traits, and store everything as one snapshot in {@code customer_score}. One run at a time
 * across every hub instance (a PostgreSQL advisory lock); a run is all or nothing (one repeatable-read transaction);
 * its figures, never personal data, go to the log and to {@code scoring_run}.
 */
public class CustomerScoring {

    private static final Logger log = LoggerFactory.getLogger(CustomerScoring.class);
    /** Advisory lock key held while a run is under way. */
    static final long LOCK_KEY = 0x5C0_2E_2026L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ScoringSettings settings;
    private final String instanceId;
    private final TicketFacts facts;

    public CustomerScoring(DataSource dataSource, ScoringSettings settings, String instanceId) {
        this.dataSource = dataSource;
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.settings = settings;
        this.instanceId = instanceId;
        this.facts = new TicketFacts(jdbc);
    }

    public ScoringSettings settings() {
        return settings;
    }

    /** What a run did; {@code status} SKIPPED when another run was under way. */
    public record Outcome(Long runId, String status, LocalDateTime asOf, long customers, String factRefresh,
                          long refreshedCustomers, Map<String, Long> stepMillis, String error) {
    }

    /** The nightly run (route scoring-schedule): scores as of the start of today. */
    public Outcome scheduled() {
        return run("schedule", LocalDate.now(), false);
    }

    /**
     * Scores the customers as of the start of {@code asOf} (tickets before that day count).
     *
     * @param fullRefresh rebuild the ticket facts from every line instead of folding in the new feed runs
     */
    public Outcome run(String trigger, LocalDate asOf, boolean fullRefresh) {
        LocalDateTime asOfStart = asOf.atStartOfDay();
        Optional<Outcome> ran;
        try {
            ran = AdvisoryLock.whileHeld(dataSource, LOCK_KEY, () -> runLocked(trigger, asOfStart, fullRefresh));
        } catch (SQLException e) {
            throw new IllegalStateException("scoring: " + e.getMessage(), e);
        }
        return ran.orElseGet(() -> {
            log.info("Scoring ({}) skipped: another scoring run is under way", trigger);
            return new Outcome(null, "SKIPPED", asOfStart, 0, null, 0, Map.of(), "another scoring run is under way");
        });
    }

    private Outcome runLocked(String trigger, LocalDateTime asOf, boolean fullRefresh) {
        // holding the lock, any run still RUNNING was cut short by a hub that stopped
        jdbc.update("""
                update scoring_run set status = 'FAILED', ended_at = now(),
                       error = 'interrupted: the hub running it stopped before it finished'
                where status = 'RUNNING'""", Map.of());
        boolean full = fullRefresh || fullRefreshDue();
        Long runId = jdbc.queryForObject("""
                insert into scoring_run (status, trigger, as_of, window_days, settings, instance_id)
                values ('RUNNING', :trigger, :asOf, :window, cast(:settings as jsonb), :instance) returning id""",
                new MapSqlParameterSource("trigger", trigger).addValue("asOf", asOf)
                        .addValue("window", settings.windowDays()).addValue("settings", json(settings.asMap()))
                        .addValue("instance", instanceId), Long.class);
        long started = System.nanoTime();
        Map<String, Long> steps = new LinkedHashMap<>();
        try {
            Outcome outcome = tx.execute(status -> score(runId, trigger, asOf, full, steps));
            long purgeStart = System.nanoTime();
            purgeOldSnapshots();
            steps.put("purge", (System.nanoTime() - purgeStart) / 1_000_000);
            jdbc.update("update scoring_run set step_ms = cast(:steps as jsonb) where id = :id",
                    new MapSqlParameterSource("id", runId).addValue("steps", json(steps)));
            log.info("Scoring run {} ({}) SUCCEEDED in {} ms: {} customers as of {}, facts {} ({} customers refreshed), steps {}",
                    runId, trigger, (System.nanoTime() - started) / 1_000_000, outcome.customers(), asOf,
                    outcome.factRefresh(), outcome.refreshedCustomers(), steps);
            return outcome;
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            jdbc.update("update scoring_run set status = 'FAILED', ended_at = now(), error = :error where id = :id",
                    new MapSqlParameterSource("id", runId).addValue("error", error));
            log.warn("Scoring run {} ({}) FAILED: {}", runId, trigger, error);
            return new Outcome(runId, "FAILED", asOf, 0, null, 0, steps, error);
        }
    }

    private boolean fullRefreshDue() {
        Boolean due = jdbc.queryForObject("""
                select not exists (select 1 from scoring_run where status = 'SUCCEEDED' and fact_refresh = 'FULL'
                                   and started_at > now() - make_interval(days => :days))
                    or not exists (select 1 from scoring_fact_run)""",
                Map.of("days", settings.fullRefreshDays()), Boolean.class);
        return Boolean.TRUE.equals(due);
    }

    private Outcome score(long runId, String trigger, LocalDateTime asOf, boolean full, Map<String, Long> steps) {
        ScoringSettings.Boundaries at = settings.boundaries(asOf);
        MapSqlParameterSource p = new MapSqlParameterSource("run", runId)
                .addValue("asOf", at.asOf()).addValue("windowStart", at.windowStart())
                .addValue("recentStart", at.recentStart()).addValue("lapseStart", at.lapseStart())
                .addValue("newStart", at.newStart()).addValue("inactiveBefore", at.inactiveBefore())
                .addValue("buckets", settings.scoreBuckets()).addValue("topShare", settings.topShare())
                .addValue("topCategories", settings.topCategories())
                .addValue("bestMinScore", settings.bestMinScore()).addValue("loyalMinTickets", settings.loyalMinTickets())
                .addValue("atRiskMinTickets", settings.atRiskMinTickets())
                .addValue("promoDrivenMinShare", settings.promoDrivenMinShare())
                .addValue("fullPriceMaxShare", settings.fullPriceMaxShare());
        io.activationhub.infra.WorkMem.setLocal(jdbc, settings.workMem());

        TicketFacts.Refresh refresh = timed(steps, "facts", () -> full ? facts.full() : facts.incremental());
        timed(steps, "rfm", () -> {
            jdbc.update(ScoringSql.STAGE, p);
            jdbc.getJdbcTemplate().execute("analyze score_stage");
            jdbc.update(ScoringSql.RANK, p);
            return null;
        });
        LifetimeValues.Models models = timed(steps, "models", () -> {
            try {
                return LifetimeValues.score(dataSource, asOf, settings.fitSample());
            } catch (SQLException e) {
                throw new IllegalStateException("writing model predictions: " + e.getMessage(), e);
            }
        });
        timed(steps, "traits", () -> {
            jdbc.update(ScoringSql.STORE, p);
            jdbc.update(ScoringSql.CATEGORIES, p);
            return null;
        });
        long customers = models == null ? 0 : timed(steps, "snapshot", () -> (long) jdbc.update(ScoringSql.SCORES, p));

        Map<String, Object> segments = new LinkedHashMap<>();
        ScoringSettings.SEGMENTS.forEach(s -> segments.put(s, 0L));
        jdbc.query("select segment, count(*) as n from customer_score where run_id = :run group by segment", p,
                rs -> {
                    segments.put(rs.getString("segment"), rs.getLong("n"));
                });
        Double topShare = jdbc.queryForObject("""
                select round(sum(monetary) filter (where top_customer) / nullif(sum(monetary), 0), 4)
                from customer_score where run_id = :run and frequency > 0""", p, Double.class);
        jdbc.update("""
                update scoring_run set status = 'SUCCEEDED', ended_at = now(), fact_refresh = :refresh,
                       refreshed_customers = :refreshed, customer_count = :customers,
                       segment_counts = cast(:segments as jsonb), top_revenue_share = :topShare,
                       model = cast(:model as jsonb)
                where id = :run""", new MapSqlParameterSource("run", runId).addValue("refresh", refresh.kind())
                .addValue("refreshed", refresh.customers()).addValue("customers", customers)
                .addValue("segments", json(segments)).addValue("topShare", topShare)
                .addValue("model", models == null ? null : json(models.asMap())));
        return new Outcome(runId, "SUCCEEDED", asOf, customers, refresh.kind(), refresh.customers(), steps, null);
    }

    /** Snapshots beyond hub.scoring.keep-runs lose their per-customer scores; the current one never does. */
    private void purgeOldSnapshots() {
        List<Long> old = jdbc.queryForList("""
                select id from scoring_run
                where status = 'SUCCEEDED' and not scores_purged
                  and id <> (select id from scoring_run where status = 'SUCCEEDED' order by as_of desc, id desc limit 1)
                order by id desc offset :keep""", Map.of("keep", Math.max(0, settings.keepRuns() - 1)), Long.class);
        for (Long id : old) {
            jdbc.update("delete from customer_score where run_id = :id", Map.of("id", id));
            jdbc.update("update scoring_run set scores_purged = true where id = :id", Map.of("id", id));
        }
        if (!old.isEmpty()) {
            log.info("Scoring snapshots {} purged (hub.scoring.keep-runs={})", old, settings.keepRuns());
        }
    }

    /** The latest successful run, if any. */
    public Optional<Long> currentRunId() {
        return jdbc.queryForList("""
                select id from scoring_run where status = 'SUCCEEDED' order by as_of desc, id desc limit 1""",
                Map.of(), Long.class).stream().findFirst();
    }

    private static <T> T timed(Map<String, Long> steps, String step, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        steps.put(step, (System.nanoTime() - t0) / 1_000_000);
        return result;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
