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
        List<String> current = jdbc.queryForList(
                "select status from consent_current where customer_id = :c and channel = :ch",
                Map.of("c", customerId, "ch", channel), String.class);
        if (!current.isEmpty() && current.get(0).equals(status.dbValue())) {
            return false;
        }
        record(customerId, channel, status, legalBasis, source, proof, effectiveAt);
        return true;
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

    public String current(long customerId, String channel) {
        List<String> current = jdbc.queryForList(
                "select status from consent_current where customer_id = :c and channel = :ch",
                Map.of("c", customerId, "ch", channel), String.class);
        return current.isEmpty() ? null : current.get(0);
    }
}
