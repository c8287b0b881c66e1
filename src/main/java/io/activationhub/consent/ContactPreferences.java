package io.activationhub.consent;

import io.activationhub.privacy.AuditLog;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A customer's preferred channel and maximum number of contacts per month (over the last 30 days, all channels
 * together). Activation reads them: the channel plan tries the preferred channel first, and {@link PushGuard} refuses a
 * push once the maximum is reached.
 */
@Component
public class ContactPreferences {

    public static final Set<String> CHANNELS = Set.of("email", "sms", "postal", "phone", "ads");
    public static final int MAX_PER_MONTH_LIMIT = 100;

    /** @param maxPerMonth null for no personal limit (the hub-wide marketing pressure cap still applies) */
    public record Preference(long customerId, String preferredChannel, Integer maxPerMonth, String source,
                             OffsetDateTime updatedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;

    public ContactPreferences(NamedParameterJdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** @return empty when the customer does not exist; a preference with nulls when none was ever set */
    public Optional<Preference> get(long customerId) {
        if (!exists(customerId)) {
            return Optional.empty();
        }
        return Optional.of(jdbc.query("""
                select customer_id, preferred_channel, max_per_month, source, updated_at
                from contact_preference where customer_id = :c""", Map.of("c", customerId),
                (rs, i) -> new Preference(rs.getLong(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class))).stream().findFirst()
                .orElse(new Preference(customerId, null, null, null, null)));
    }

    /**
     * @throws IllegalArgumentException for an unknown channel or a maximum outside 0..100
     * @return empty when the customer does not exist
     */
    @Transactional
    public Optional<Preference> set(long customerId, String preferredChannel, Integer maxPerMonth, String source,
                                    String actor) {
        String channel = preferredChannel == null || preferredChannel.isBlank() ? null
                : preferredChannel.trim().toLowerCase(Locale.ROOT);
        if (channel != null && !CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("preferredChannel must be one of " + new java.util.TreeSet<>(CHANNELS));
        }
        if (maxPerMonth != null && (maxPerMonth < 0 || maxPerMonth > MAX_PER_MONTH_LIMIT)) {
            throw new IllegalArgumentException("maxPerMonth must be between 0 and " + MAX_PER_MONTH_LIMIT);
        }
        if (!exists(customerId)) {
            return Optional.empty();
        }
        String src = source == null || source.isBlank() ? "api" : source.trim();
        if (src.length() > 100) {
            throw new IllegalArgumentException("source is longer than 100 characters");
        }
        jdbc.update("""
                insert into contact_preference (customer_id, preferred_channel, max_per_month, source, updated_at)
                values (:c, :ch, :max, :src, now())
                on conflict (customer_id) do update set preferred_channel = excluded.preferred_channel,
                    max_per_month = excluded.max_per_month, source = excluded.source, updated_at = now()""",
                new MapSqlParameterSource("c", customerId).addValue("ch", channel).addValue("max", maxPerMonth)
                        .addValue("src", src));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("preferredChannel", channel);
        details.put("maxPerMonth", maxPerMonth);
        details.put("source", src);
        audit.record(actor, "preference-change", String.valueOf(customerId), details);
        return get(customerId);
    }

    private boolean exists(long customerId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from customer where id = :c)",
                Map.of("c", customerId), Boolean.class));
    }
}
