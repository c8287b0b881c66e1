package io.activationhub.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.identity.CandidateMatcher;
import io.activationhub.identity.PersonRecord;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The source records each customer is made of ({@code identity_link}), why each joined them, and the blocking keys
 * that let a new record find its candidate customers in PostgreSQL ({@code customer_match_key}) without holding the
 * base in memory: a record is compared with the golden records of the customers sharing one of its keys, at most
 * {@code hub.identity.max-block-size} per key.
 */
@Component
public class IdentityLinks {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;
    private final CandidateMatcher matcher;
    private final int maxBlockSize;

    public IdentityLinks(NamedParameterJdbcTemplate jdbc, IdentitySettings settings) {
        this.jdbc = jdbc;
        this.matcher = settings.matcher();
        this.maxBlockSize = settings.maxBlockSize();
    }

    /** The customer a source record already belongs to (seen in an earlier file, or detached by an unmerge). */
    public Optional<Long> customerOf(String source, String sourceKey) {
        if (sourceKey == null) {
            return Optional.empty();
        }
        return jdbc.queryForList("select customer_id from identity_link where source = :s and source_key = :k",
                Map.of("s", source, "k", sourceKey), Long.class).stream().findFirst();
    }

    /** The customers sharing a blocking key with the member, compared with it. */
    public CandidateMatcher.Decision match(CleanMember member) {
        List<String> keys = CandidateMatcher.blockingKeys(SourceRecord.person("incoming", member));
        if (keys.isEmpty()) {
            return new CandidateMatcher.Decision(Optional.empty(), Optional.empty(), Optional.empty());
        }
        // per key at most max-block-size + 1 customers: a key above the limit is too common to say anything
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select k.key, m.customer_id from unnest(cast(:keys as text[])) as k(key)
                cross join lateral (select customer_id from customer_match_key where match_key = k.key
                                    limit :cap) m""",
                new MapSqlParameterSource("keys", keys.toArray(String[]::new)).addValue("cap", maxBlockSize + 1));
        Map<String, List<Long>> byKey = new java.util.HashMap<>();
        for (Map<String, Object> row : rows) {
            byKey.computeIfAbsent((String) row.get("key"), k -> new ArrayList<>()).add(((Number) row.get("customer_id")).longValue());
        }
        Set<Long> ids = new LinkedHashSet<>();
        byKey.values().stream().filter(v -> v.size() <= maxBlockSize).forEach(ids::addAll);
        if (ids.isEmpty()) {
            return new CandidateMatcher.Decision(Optional.empty(), Optional.empty(), Optional.empty());
        }
        List<PersonRecord> candidates = jdbc.query("select * from customer where id = any(cast(:ids as bigint[]))",
                new MapSqlParameterSource("ids", ids.toArray(Long[]::new)),
                (rs, i) -> SourceRecord.person(Long.toString(rs.getLong("id")), golden(rs)));
        return matcher.decide(SourceRecord.person("incoming", member), candidates);
    }

    /** A customer row as a member (the golden record). */
    static CleanMember golden(ResultSet rs) throws SQLException {
        LocalDate birth = rs.getObject("birth_date", LocalDate.class);
        return new CleanMember(null, rs.getString("home_store_id"),
                rs.getObject("enrolled_at", java.time.OffsetDateTime.class), rs.getString("civility"),
                rs.getString("first_name"), rs.getString("last_name"), birth, rs.getString("email"),
                rs.getString("mobile"), rs.getString("phone"), rs.getString("address_line2"),
                rs.getString("address_line3"), rs.getString("address_line4"), rs.getString("address_line5"),
                rs.getString("postcode"), rs.getString("city"), rs.getString("country"), null, null, null);
    }

    /**
     * Records (or refreshes) a source record of a customer. A record already linked keeps its customer and rule;
     * its content is replaced by the newer version.
     *
     * @return the link id
     */
    public long link(long customerId, SourceRecord record, String rule, CandidateMatcher.Match match) {
        return jdbc.queryForObject("""
                insert into identity_link (customer_id, source, source_key, rule, weight, score, fields, record, received_at)
                values (:c, :s, :k, :rule, :weight, :score, cast(:fields as jsonb), cast(:record as jsonb), :at)
                on conflict (source, source_key) do update set record = excluded.record, received_at = excluded.received_at
                returning id""",
                new MapSqlParameterSource("c", customerId).addValue("s", record.source()).addValue("k", record.sourceKey())
                        .addValue("rule", rule).addValue("weight", match == null ? null : match.weight())
                        .addValue("score", match == null ? null : match.posterior())
                        .addValue("fields", match == null ? null : json(match.fields()))
                        .addValue("record", json(record.toJson()))
                        .addValue("at", Timestamp.from(record.receivedAt())), Long.class);
    }

    /** Adds the blocking keys of a record to its customer's. */
    public void addKeys(long customerId, CleanMember member) {
        List<String> keys = CandidateMatcher.blockingKeys(SourceRecord.person(Long.toString(customerId), member));
        if (!keys.isEmpty()) {
            jdbc.update("""
                    insert into customer_match_key (match_key, customer_id)
                    select k, :c from unnest(cast(:keys as text[])) as k on conflict do nothing""",
                    new MapSqlParameterSource("c", customerId).addValue("keys", keys.toArray(String[]::new)));
        }
    }

    /** Replaces a customer's blocking keys with those of their source records. */
    public void rebuildKeys(long customerId, List<SourceRecord> records) {
        jdbc.update("delete from customer_match_key where customer_id = :c", Map.of("c", customerId));
        for (SourceRecord r : records) {
            addKeys(customerId, r.member());
        }
    }

    /** A customer's source records, oldest link first. */
    public List<SourceRecord> records(long customerId) {
        return jdbc.query("""
                select source, source_key, received_at, record::text as record from identity_link
                where customer_id = :c order by id""", Map.of("c", customerId), (rs, i) -> SourceRecord.fromJson(
                rs.getString("source"), rs.getString("source_key"), rs.getTimestamp("received_at").toInstant(),
                parse(rs.getString("record"))));
    }

    /**
     * A customer made before source records were kept (or by hand) gets their current golden record as a source
     * record ({@code golden}, keyed by the customer id), so that deriving it again from its sources loses nothing.
     */
    public void ensureLinked(long customerId) {
        Boolean linked = jdbc.queryForObject("select exists(select 1 from identity_link where customer_id = :c)",
                Map.of("c", customerId), Boolean.class);
        if (Boolean.TRUE.equals(linked)) {
            return;
        }
        List<Map<String, Object>> rows = jdbc.query("select * from customer where id = :c", Map.of("c", customerId),
                (rs, i) -> {
                    CleanMember m = golden(rs);
                    SourceRecord r = new SourceRecord("golden", Long.toString(customerId),
                            rs.getTimestamp("updated_at").toInstant(), m, null, null);
                    return Map.of("record", r, "member", m);
                });
        for (Map<String, Object> row : rows) {
            SourceRecord r = (SourceRecord) row.get("record");
            link(customerId, r, "golden record before identity links", null);
            addKeys(customerId, r.member());
        }
    }

    /** A customer's links for the admin API, explanations as JSON objects. */
    public List<Map<String, Object>> explain(long customerId) {
        return jdbc.query("""
                select id, source, source_key, rule, weight, score, fields::text as fields, linked_at, received_at,
                       unmerged_from, unmerged_at
                from identity_link where customer_id = :c order by id""", Map.of("c", customerId), (rs, i) -> {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("id", rs.getLong("id"));
            out.put("source", rs.getString("source"));
            out.put("source_key", rs.getString("source_key"));
            out.put("rule", rs.getString("rule"));
            out.put("weight", rs.getObject("weight"));
            out.put("score", rs.getObject("score"));
            out.put("fields", rs.getString("fields") == null ? null : parse(rs.getString("fields")));
            out.put("linked_at", rs.getObject("linked_at", java.time.OffsetDateTime.class));
            out.put("received_at", rs.getObject("received_at", java.time.OffsetDateTime.class));
            out.put("unmerged_from", rs.getObject("unmerged_from"));
            out.put("unmerged_at", rs.getObject("unmerged_at", java.time.OffsetDateTime.class));
            return out;
        });
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("identity_link holds invalid JSON", e);
        }
    }
}
