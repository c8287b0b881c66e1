package io.activationhub.activation;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every activation and every push to a customer: what, when, which partner, outcome. */
@Repository("activationLog")
public class ActivationLog {

    private static final RowMapper<Activation> ACTIVATION = (rs, i) -> new Activation(rs.getLong("id"),
            rs.getString("audience_id"), rs.getString("channel"), rs.getString("partner"), rs.getString("trigger"),
            rs.getBoolean("dry_run"), rs.getString("status"), rs.getObject("started_at", OffsetDateTime.class),
            rs.getObject("ended_at", OffsetDateTime.class), rs.getInt("member_count"), rs.getInt("queued_count"),
            rs.getInt("sent_count"), rs.getInt("failed_count"), rs.getInt("excluded_count"));

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ActivationLog.class);
    private final NamedParameterJdbcTemplate jdbc;

    public ActivationLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long start(String audienceId, String channel, String partner, String trigger, boolean dryRun) {
        return jdbc.queryForObject("""
                insert into activation (audience_id, channel, partner, trigger, dry_run, status)
                values (:a, :ch, :p, :t, :dry, 'RUNNING') returning id""",
                new MapSqlParameterSource("a", audienceId).addValue("ch", channel).addValue("p", partner)
                        .addValue("t", trigger).addValue("dry", dryRun), Long.class);
    }

    public long queuePush(long activationId, String audienceId, long customerId, String channel, String partner) {
        return jdbc.queryForObject("""
                insert into push (activation_id, audience_id, customer_id, channel, partner, status)
                values (:act, :a, :c, :ch, :p, 'QUEUED') returning id""",
                new MapSqlParameterSource("act", activationId).addValue("a", audienceId).addValue("c", customerId)
                        .addValue("ch", channel).addValue("p", partner), Long.class);
    }

    /** A push with the message it carries (JSON), kept for holds and replays. */
    public long queuePush(long activationId, String audienceId, long customerId, String channel, String partner,
                          String payload) {
        return jdbc.queryForObject("""
                insert into push (activation_id, audience_id, customer_id, channel, partner, status, payload)
                values (:act, :a, :c, :ch, :p, 'QUEUED', :payload) returning id""",
                new MapSqlParameterSource("act", activationId).addValue("a", audienceId).addValue("c", customerId)
                        .addValue("ch", channel).addValue("p", partner).addValue("payload", payload), Long.class);
    }

    /** Records the members left out of an activation (consent, suppression, pressure, control group). */
    public void excluded(long activationId, int excluded) {
        jdbc.update("update activation set excluded_count = :e where id = :id",
                new MapSqlParameterSource("id", activationId).addValue("e", excluded));
    }

    /** The channel may not deliver now (legal window, quiet hours): the push waits until {@code until}. */
    public void held(long pushId, java.time.Instant until) {
        jdbc.update("update push set status = 'HELD', held_until = :until where id = :id and status in ('QUEUED', 'HELD')",
                new MapSqlParameterSource("id", pushId).addValue("until", java.sql.Timestamp.from(until)));
    }

    /** Held pushes of a channel whose time came, queued again; returns their messages (JSON) with their push ids. */
    public List<Map<String, Object>> releaseHeld(String channel, java.time.Instant now) {
        return jdbc.queryForList("""
                update push set status = 'QUEUED', held_until = null
                where status = 'HELD' and channel = :ch and held_until <= :now and payload is not null
                returning id, payload""",
                new MapSqlParameterSource("ch", channel).addValue("now", java.sql.Timestamp.from(now)));
    }

    /** The partner refused the push for good: failed, and kept as a dead letter for replay. */
    public void deadLetter(long pushId, String error) {
        failed(pushId, error);
        jdbc.update("update push set dead_lettered_at = now() where id = :id and status = 'FAILED'", Map.of("id", pushId));
    }

    /** The push was not sent on purpose at push time (consent withdrawn, suppressed since the activation). */
    public void skipped(long pushId, String reason) {
        jdbc.update("update push set status = 'SKIPPED', error = :r where id = :id and status in ('QUEUED', 'HELD')",
                new MapSqlParameterSource("id", pushId).addValue("r", reason));
        refreshCounts(pushId);
    }

    /** Failed pushes of an activation queued again; returns id, channel and message (JSON) of each. */
    public List<Map<String, Object>> replay(long activationId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                update push set status = 'QUEUED', replayed_at = now(), dead_lettered_at = null, error = null
                where activation_id = :a and status = 'FAILED' and payload is not null
                returning id, channel, payload""", Map.of("a", activationId));
        if (!rows.isEmpty()) {
            jdbc.update("update activation set status = 'QUEUED', ended_at = null where id = :a", Map.of("a", activationId));
        }
        return rows;
    }

    /** Pushes kept as dead letters (no message content: that may hold personal data). */
    public List<Map<String, Object>> deadLetters(int limit) {
        return jdbc.queryForList("""
                select id as push_id, activation_id, audience_id, channel, partner, error, attempts, dead_lettered_at
                from push where dead_lettered_at is not null order by id desc limit :l""", Map.of("l", limit));
    }

    public void queued(long activationId, int members, int queued, boolean dryRun) {
        jdbc.update("""
                update activation set member_count = :m, queued_count = :q,
                       status = case when :dry or :q = 0 then 'COMPLETED' else 'QUEUED' end,
                       ended_at = case when :dry or :q = 0 then now() end
                where id = :id""",
                new MapSqlParameterSource("id", activationId).addValue("m", members).addValue("q", queued)
                        .addValue("dry", dryRun));
    }

    private io.activationhub.infra.HubMetrics metrics;

    /** The hub's metrics (README.md "Metrics"); absent in tests that build this class by hand. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setMetrics(io.activationhub.infra.HubMetrics metrics) {
        this.metrics = metrics;
    }

    private void countPush(long pushId, String outcome) {
        if (metrics != null) {
            jdbc.queryForList("select partner from push where id = :id", Map.of("id", pushId), String.class)
                    .forEach(partner -> metrics.push(partner, outcome));
        }
    }

    /**
     * Counts of a channel that pushes lists rather than messages (ads): no push row per customer, the batches are
     * recorded by the channel; {@code sent} and {@code failed} count rows the partner acknowledged or not.
     */
    public void counted(long activationId, int members, int queued, int sent, int failed, int excluded, boolean completed) {
        jdbc.update("""
                update activation set member_count = :m, queued_count = :q, sent_count = :s, failed_count = :f,
                       excluded_count = :x, status = :st, ended_at = now()
                where id = :id""",
                new MapSqlParameterSource("id", activationId).addValue("m", members).addValue("q", queued)
                        .addValue("s", sent).addValue("f", failed).addValue("x", excluded)
                        .addValue("st", completed ? "COMPLETED" : "FAILED"));
    }

    /** Called by the channel route once the partner accepted the message. */
    public void sent(long pushId, String partnerRef) {
        int changed = jdbc.update("""
                update push set status = 'SENT', sent_at = now(), partner_ref = :ref, attempts = attempts + 1, error = null
                where id = :id and status <> 'SENT'""", new MapSqlParameterSource("id", pushId).addValue("ref", partnerRef));
        if (changed == 1) {
            refreshCounts(pushId);
            countPush(pushId, "sent");
        }
    }

    /** Called by the channel route when the partner refused the message for good. */
    public void failed(long pushId, String error) {
        int changed = jdbc.update("""
                update push set status = 'FAILED', attempts = attempts + 1, error = :error
                where id = :id and status <> 'SENT'""",
                new MapSqlParameterSource("id", pushId).addValue("error", error == null ? "unknown error"
                        : error.length() > 500 ? error.substring(0, 500) : error));
        refreshCounts(pushId);
        if (changed == 1) {
            countPush(pushId, "failed");
        }
    }

    /** Whether the push still waits to be sent (not sent, failed, skipped or held yet). */
    public boolean isQueued(long pushId) {
        return jdbc.queryForList("select 1 from push where id = :id and status = 'QUEUED'", Map.of("id", pushId),
                Integer.class).size() == 1;
    }

    private void refreshCounts(long pushId) {
        int completed = jdbc.update("""
                update activation a set
                       sent_count = (select count(*) from push p where p.activation_id = a.id and p.status = 'SENT'),
                       failed_count = (select count(*) from push p where p.activation_id = a.id and p.status = 'FAILED'),
                       status = case when exists (select 1 from push p where p.activation_id = a.id and p.status in ('QUEUED', 'HELD'))
                                     then a.status else 'COMPLETED' end,
                       ended_at = case when exists (select 1 from push p where p.activation_id = a.id and p.status in ('QUEUED', 'HELD'))
                                       then null else now() end
                where a.id = (select activation_id from push where id = :id)
                  and a.status <> 'COMPLETED'""", Map.of("id", pushId));
        if (completed == 1) {
            jdbc.query("select * from activation where id = (select activation_id from push where id = :id) and status = 'COMPLETED'",
                    Map.of("id", pushId), ACTIVATION).forEach(a -> log.info(
                    "Activation {} of audience {} completed on {} ({}): {} sent, {} failed", a.id(), a.audienceId(),
                    a.channel(), a.partner(), a.sent(), a.failed()));
        }
    }

    public List<Activation> recent(int limit) {
        return jdbc.query("select * from activation order by id desc limit :l", Map.of("l", limit), ACTIVATION);
    }

    public Optional<Activation> get(long id) {
        return jdbc.query("select * from activation where id = :id", Map.of("id", id), ACTIVATION).stream().findFirst();
    }
}
