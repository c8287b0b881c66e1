package io.activationhub.consent;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Append-only consent history per customer and channel, with source and proof; the current state is the most recent
 * explicit choice ({@code consent_current} view).
 */
@Repository
public class ConsentLedger {

    private final NamedParameterJdbcTemplate jdbc;

    public ConsentLedger(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends a choice unless it repeats the current one; returns whether it was appended. */
    public boolean recordIfChanged(long customerId, String channel, ConsentStatus status, String legalBasis,
                                   String source, String proof, Instant effectiveAt) {
        return recordAllIfChanged(List.of(new Choice(customerId, channel, status, legalBasis, source, proof,
                effectiveAt))) == 1;
    }

    public void record(long customerId, String channel, ConsentStatus status, String legalBasis, String source,
                       String proof, Instant effectiveAt) {
        jdbc.update("""
                insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                values (:c, :ch, :status, :basis, :source, :proof, :at)""",
                new MapSqlParameterSource("c", customerId).addValue("ch", channel).addValue("status", status.dbValue())
                        .addValue("basis", legalBasis).addValue("source", source).addValue("proof", proof)
                        .addValue("at", Timestamp.from(effectiveAt == null ? Instant.now() : effectiveAt)));
    }

    /** A choice to append unless it repeats the current one ({@link #recordAllIfChanged}). */
    public record Choice(long customerId, String channel, ConsentStatus status, String legalBasis, String source,
                         String proof, Instant effectiveAt) {
    }

    /**
     * {@link #recordIfChanged} for many choices, in their order, as if recorded one after the other (a later choice
     * for the same customer and channel compares with what the earlier ones made current), in two statements: the
     * current states read at once, the new events appended at once.
     *
     * @return how many choices were appended
     */
    public int recordAllIfChanged(List<Choice> choices) {
        if (choices.isEmpty()) {
            return 0;
        }
        record Current(String status, Instant effectiveAt) {
        }
        Map<String, Current> current = new java.util.HashMap<>();
        Long[] customers = choices.stream().map(Choice::customerId).distinct().toArray(Long[]::new);
        jdbc.query("""
                select customer_id, channel, status, effective_at from consent_current
                where customer_id = any(cast(:c as bigint[]))""",
                new MapSqlParameterSource("c", customers), rs -> {
                    current.put(rs.getLong(1) + "\u0000" + rs.getString(2),
                            new Current(rs.getString(3), rs.getTimestamp(4).toInstant()));
                });
        Instant now = Instant.now();
        List<Choice> appended = new java.util.ArrayList<>();
        for (Choice c : choices) {
            String key = c.customerId() + "\u0000" + c.channel();
            Current cur = current.get(key);
            if (cur != null && cur.status().equals(c.status().dbValue())) {
                continue;
            }
            Instant at = c.effectiveAt() == null ? now : c.effectiveAt();
            appended.add(new Choice(c.customerId(), c.channel(), c.status(), c.legalBasis(), c.source(), c.proof(), at));
            // the newest event by effective time (then by id: this one is the newest) is the current state
            if (cur == null || !at.isBefore(cur.effectiveAt())) {
                current.put(key, new Current(c.status().dbValue(), at));
            }
        }
        if (appended.isEmpty()) {
            return 0;
        }
        int n = appended.size();
        Long[] ids = new Long[n];
        String[] channel = new String[n];
        String[] status = new String[n];
        String[] basis = new String[n];
        String[] source = new String[n];
        String[] proof = new String[n];
        String[] at = new String[n];
        for (int i = 0; i < n; i++) {
            Choice c = appended.get(i);
            ids[i] = c.customerId();
            channel[i] = c.channel();
            status[i] = c.status().dbValue();
            basis[i] = c.legalBasis();
            source[i] = c.source();
            proof[i] = c.proof();
            at[i] = c.effectiveAt().toString();
        }
        jdbc.update("""
                insert into consent_event (customer_id, channel, status, legal_basis, source, proof, effective_at)
                select c, ch, st, basis, src, proof, at
                from unnest(cast(:c as bigint[]), cast(:ch as text[]), cast(:st as text[]), cast(:basis as text[]),
                            cast(:src as text[]), cast(:proof as text[]), cast(:at as timestamptz[]))
                     with ordinality as x(c, ch, st, basis, src, proof, at, n)
                order by n""", new MapSqlParameterSource("c", ids).addValue("ch", channel).addValue("st", status)
                .addValue("basis", basis).addValue("src", source).addValue("proof", proof).addValue("at", at));
        return n;
    }

    public String current(long customerId, String channel) {
        List<String> current = jdbc.queryForList(
                "select status from consent_current where customer_id = :c and channel = :ch",
                Map.of("c", customerId, "ch", channel), String.class);
        return current.isEmpty() ? null : current.get(0);
    }
}
