package io.activationhub.customer;

import io.activationhub.privacy.AuditLog;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Social handles attached to a customer ({@code POST /api/customers/{id}/identities}): the person gave their handle
 * (at the till, in their account, to the call centre), so it becomes one of their identities like a card or an email.
 * The social engagement already stored from that handle is linked to them at once, and what comes later is linked
 * as it is stored ({@code EngagementStore}). A handle already attached to someone else is refused, never moved: that
 * would merge two people without evidence. Each attachment is audited.
 */
@Component
public class SocialIdentities {

    /** Platforms whose handles the hub reads: {@code graph} (Instagram/Facebook-style), {@code x}. */
    public static final Set<String> PLATFORMS = Set.of("graph", "x");

    public record Attached(long customerId, String source, String sourceKey, boolean alreadyAttached,
                           int engagementsLinked) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;

    public SocialIdentities(NamedParameterJdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The stored form of a handle or account id: without a leading {@code @}, lower case, trimmed. */
    public static String normalise(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key is required: the handle (@name) or the account id");
        }
        String k = key.strip();
        if (k.startsWith("@")) {
            k = k.substring(1);
        }
        k = k.toLowerCase(Locale.ROOT);
        if (k.isEmpty() || k.length() > 100 || !k.matches("[\\p{L}\\p{N}._-]+")) {
            throw new IllegalArgumentException("'" + key + "' is not a social handle or account id");
        }
        return k;
    }

    @Transactional
    public Attached attach(long customerId, String source, String key, String evidence, String actor) {
        if (source == null || !PLATFORMS.contains(source)) {
            throw new IllegalArgumentException("source must be one of " + new java.util.TreeSet<>(PLATFORMS));
        }
        String k = normalise(key);
        if (evidence == null || evidence.isBlank()) {
            throw new IllegalArgumentException("evidence is required: how the person gave this handle");
        }
        if (jdbc.queryForList("select id from customer where id = :id", Map.of("id", customerId))
                .isEmpty()) {
            throw new java.util.NoSuchElementException("no customer " + customerId);
        }
        List<Long> owner = jdbc.queryForList("""
                select customer_id from customer_identity where source = :s and source_key = :k for update""",
                Map.of("s", source, "k", k), Long.class);
        boolean already = !owner.isEmpty();
        if (already && owner.get(0) != customerId) {
            throw new IdentityConflict(source + " handle already belongs to customer " + owner.get(0)
                    + ": unmerge or correct that customer first");
        }
        if (!already) {
            jdbc.update("""
                    insert into customer_identity (source, source_key, customer_id, link_rule)
                    values (:s, :k, :c, :rule)""", new MapSqlParameterSource("s", source).addValue("k", k)
                    .addValue("c", customerId).addValue("rule", "declared: " + evidence.strip()));
        }
        int linked = jdbc.update("""
                update social_engagement set customer_id = :c
                where platform = :s and customer_id is null and (lower(author_handle) = :k or author_id = :k)""",
                new MapSqlParameterSource("s", source).addValue("k", k).addValue("c", customerId));
        audit.record(actor, "identity-attach", "customer:" + customerId,
                Map.of("source", source, "alreadyAttached", already, "engagementsLinked", linked));
        return new Attached(customerId, source, k, already, linked);
    }
}
