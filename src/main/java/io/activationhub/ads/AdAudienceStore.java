package io.activationhub.ads;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The delta-sync state in PostgreSQL: per (audience, platform) the partner's list id, a lease, and the member rows the
 * partner acknowledged ({@code ad_audience_member}); every batch sent ({@code ad_audience_batch}); removals owed for
 * erased customers ({@code ad_audience_removal}). Bind parameters only; bulk writes go as arrays through
 * {@code unnest}, one statement per batch.
 */
@Repository
public class AdAudienceStore {

    private final NamedParameterJdbcTemplate jdbc;

    public AdAudienceStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static MapSqlParameterSource key(String audienceId, AdPlatform platform) {
        return new MapSqlParameterSource("a", audienceId).addValue("p", platform.id());
    }

    /** Takes the lease of (audience, platform) for this long; false when another sync holds it. */
    public boolean lease(String audienceId, AdPlatform platform, Duration length) {
        jdbc.update("insert into ad_audience (audience_id, platform) values (:a, :p) on conflict do nothing",
                key(audienceId, platform));
        return jdbc.update("""
                update ad_audience set lease_until = now() + make_interval(secs => :s)
                where audience_id = :a and platform = :p and (lease_until is null or lease_until < now())""",
                key(audienceId, platform).addValue("s", (double) length.toSeconds())) == 1;
    }

    public void release(String audienceId, AdPlatform platform, String status) {
        jdbc.update("""
                update ad_audience set lease_until = null, last_sync_status = :st, last_sync_at = now()
                where audience_id = :a and platform = :p""", key(audienceId, platform).addValue("st", status));
    }

    public String listId(String audienceId, AdPlatform platform) {
        List<String> ids = jdbc.queryForList("select partner_list_id from ad_audience where audience_id = :a and platform = :p",
                key(audienceId, platform), String.class);
        return ids.isEmpty() ? null : ids.get(0);
    }

    public void saveListId(String audienceId, AdPlatform platform, String listId) {
        jdbc.update("update ad_audience set partner_list_id = :l where audience_id = :a and platform = :p",
                key(audienceId, platform).addValue("l", listId));
    }

    /** (audience, platform) pairs whose last sync failed: retried by the schedule. */
    public List<String[]> failedSyncs() {
        return jdbc.query("select audience_id, platform from ad_audience where last_sync_status = 'FAILED' order by audience_id",
                Map.of(), (rs, i) -> new String[]{rs.getString(1), rs.getString(2)});
    }

    /** customer id to fingerprint of what the partner holds, for the whole list. */
    public Map<Long, Long> fingerprints(String audienceId, AdPlatform platform) {
        Map<Long, Long> out = new HashMap<>();
        jdbc.query("select customer_id, fingerprint from ad_audience_member where audience_id = :a and platform = :p",
                key(audienceId, platform), rs -> {
                    out.put(rs.getLong(1), rs.getLong(2));
                });
        return out;
    }

    /** The rows as pushed of these customers (for their removal). */
    public List<AdMember> rows(String audienceId, AdPlatform platform, Collection<Long> customerIds) {
        List<AdMember> out = new ArrayList<>(customerIds.size());
        List<Long> ids = new ArrayList<>(customerIds);
        for (int from = 0; from < ids.size(); from += 10_000) {
            Long[] chunk = ids.subList(from, Math.min(ids.size(), from + 10_000)).toArray(Long[]::new);
            jdbc.getJdbcTemplate().query(con -> {
                var ps = con.prepareStatement("""
                        select customer_id, row_values from ad_audience_member
                        where audience_id = ? and platform = ? and customer_id = any (?)""");
                ps.setString(1, audienceId);
                ps.setString(2, platform.id());
                ps.setArray(3, con.createArrayOf("bigint", chunk));
                return ps;
            }, rs -> {
                out.add(AdMember.fromRow(rs.getLong(1), rs.getString(2), platform.schema().size()));
            });
        }
        return out;
    }

    /** Records what the partner acknowledged: added rows replace the customer's row, removed rows go. */
    public void acknowledged(String audienceId, AdPlatform platform, AdRequests.Operation operation, List<AdMember> members) {
        Long[] ids = members.stream().map(AdMember::customerId).toArray(Long[]::new);
        if (operation == AdRequests.Operation.REMOVE) {
            jdbc.getJdbcTemplate().update(con -> {
                var ps = con.prepareStatement(
                        "delete from ad_audience_member where audience_id = ? and platform = ? and customer_id = any (?)");
                ps.setString(1, audienceId);
                ps.setString(2, platform.id());
                ps.setArray(3, con.createArrayOf("bigint", ids));
                return ps;
            });
            return;
        }
        Long[] fingerprints = members.stream().map(AdMember::fingerprint).toArray(Long[]::new);
        String[] rows = members.stream().map(AdMember::row).toArray(String[]::new);
        jdbc.getJdbcTemplate().update(con -> {
            var ps = con.prepareStatement("""
                    insert into ad_audience_member (audience_id, platform, customer_id, fingerprint, row_values)
                    select ?, ?, c, f, r from unnest(?, ?, ?) as t (c, f, r)
                    on conflict (audience_id, platform, customer_id)
                    do update set fingerprint = excluded.fingerprint, row_values = excluded.row_values, pushed_at = now()""");
            ps.setString(1, audienceId);
            ps.setString(2, platform.id());
            Array c = con.createArrayOf("bigint", ids);
            ps.setArray(3, c);
            ps.setArray(4, con.createArrayOf("bigint", fingerprints));
            ps.setArray(5, con.createArrayOf("text", rows));
            return ps;
        });
    }

    /** One request of a sync, as it ended. */
    public void batch(long activationId, String audienceId, AdPlatform platform, int seq, AdRequests.Operation operation,
                      int rows, boolean acknowledged, AdDelivery.Outcome outcome) {
        AdAnswer a = outcome.answer();
        jdbc.update("""
                insert into ad_audience_batch (activation_id, audience_id, platform, seq, operation, row_count, status,
                                               attempts, received_count, invalid_count, partner_ref, error)
                values (:act, :a, :p, :seq, :op, :rows, :st, :att, :rec, :inv, :ref, :err)""",
                key(audienceId, platform).addValue("act", activationId).addValue("seq", seq)
                        .addValue("op", operation.name()).addValue("rows", rows)
                        .addValue("st", acknowledged ? "ACKNOWLEDGED" : "FAILED")
                        .addValue("att", outcome.attempts() + outcome.rateLimited()).addValue("rec", a.received())
                        .addValue("inv", a.invalid()).addValue("ref", a.partnerRef())
                        .addValue("err", a.error() == null ? null : a.error().length() > 500 ? a.error().substring(0, 500) : a.error()));
    }

    public List<Map<String, Object>> batches(long activationId) {
        return jdbc.queryForList("""
                select seq, operation, row_count, status, attempts, received_count, invalid_count, partner_ref, error, sent_at
                from ad_audience_batch where activation_id = :act order by seq""", Map.of("act", activationId));
    }

    /** Erasure: moves the customer's pushed rows to the removals owed; returns "platform:audience" of each. */
    public List<String> queueRemovals(long customerId, String erasureRef) {
        List<String> lists = jdbc.queryForList("""
                insert into ad_audience_removal (audience_id, platform, row_values, erasure_ref)
                select audience_id, platform, row_values, :ref from ad_audience_member where customer_id = :c
                returning platform || ':' || audience_id""",
                new MapSqlParameterSource("c", customerId).addValue("ref", erasureRef), String.class);
        jdbc.update("delete from ad_audience_member where customer_id = :c", Map.of("c", customerId));
        return lists;
    }

    /** A removal owed for an erased customer. */
    public record Removal(long id, String audienceId, AdPlatform platform, String row, String erasureRef) {
    }

    public List<Removal> pendingRemovals(String erasureRef) {
        return jdbc.query("""
                select id, audience_id, platform, row_values, erasure_ref from ad_audience_removal
                where (cast(:ref as text) is null or erasure_ref = :ref) order by id limit 10000""",
                new MapSqlParameterSource("ref", erasureRef),
                (rs, i) -> new Removal(rs.getLong(1), rs.getString(2), AdPlatform.of(rs.getString(3)), rs.getString(4),
                        rs.getString(5)));
    }

    /** How many removals are owed to the ad platforms. */
    public int owedRemovals() {
        Integer n = jdbc.queryForObject("select count(*) from ad_audience_removal", Map.of(), Integer.class);
        return n == null ? 0 : n;
    }

    public void removalDone(long id) {
        jdbc.update("delete from ad_audience_removal where id = :id", Map.of("id", id));
    }

    public void removalFailed(long id, String error) {
        jdbc.update("update ad_audience_removal set attempts = attempts + 1, last_error = :e where id = :id",
                new MapSqlParameterSource("id", id).addValue("e", error == null ? null
                        : error.length() > 500 ? error.substring(0, 500) : error));
    }
}
