package io.activationhub.audience;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles an audience definition into one parametrised SQL query over {@code customer_profile}. Field names and
 * operators come from a fixed list (never concatenated from the definition), values are bound parameters.
 * Consent and suppression are part of the query: a customer without a granted consent on the channel, or whose address
 * is suppressed, is never a member.
 */
public final class AudienceQuery {

    /** Profile fields an audience may filter on, with their kind. */
    static final Map<String, Kind> FIELDS = Map.ofEntries(
            Map.entry("civility", Kind.TEXT), Map.entry("first_name", Kind.TEXT), Map.entry("last_name", Kind.TEXT),
            Map.entry("postcode", Kind.TEXT), Map.entry("city", Kind.TEXT), Map.entry("country", Kind.TEXT),
            Map.entry("home_store_id", Kind.TEXT), Map.entry("enrolled_days_ago", Kind.NUMBER),
            Map.entry("ticket_count", Kind.NUMBER), Map.entry("total_spend", Kind.NUMBER),
            Map.entry("days_since_last_purchase", Kind.NUMBER));

    private static final Set<String> OPERATORS = Set.of("=", "!=", "<", "<=", ">", ">=", "in");

    enum Kind { TEXT, NUMBER }

    private final String sql;
    private final Map<String, Object> params;

    private AudienceQuery(String sql, Map<String, Object> params) {
        this.sql = sql;
        this.params = params;
    }

    public String sql() {
        return sql;
    }

    public Map<String, Object> params() {
        return params;
    }

    /** @throws IllegalArgumentException naming the condition that is not allowed */
    public static AudienceQuery of(AudienceDefinition audience) {
        if (!AudienceDefinition.CHANNELS.contains(audience.channel())) {
            throw new IllegalArgumentException("audience " + audience.id() + ": channel '" + audience.channel()
                    + "' is not one of " + AudienceDefinition.CHANNELS);
        }
        StringBuilder sql = new StringBuilder("""
                select p.customer_id, p.civility, p.first_name, p.last_name, p.email, p.city
                from customer_profile p
                join consent_current cc on cc.customer_id = p.customer_id and cc.channel = :channel and cc.status = 'granted'
                where p.email is not null
                  and not exists (select 1 from suppression s where s.channel = :channel
                                  and s.address_hash = encode(sha256(convert_to(p.email, 'UTF8')), 'hex'))""");
        Map<String, Object> params = new HashMap<>();
        params.put("channel", audience.channel());
        params.put("audience", audience.id());
        if (audience.oncePerCustomer()) {
            sql.append("\n  and not exists (select 1 from push x where x.audience_id = :audience"
                    + " and x.customer_id = p.customer_id and x.status <> 'FAILED')");
        }
        List<AudienceDefinition.Condition> where = audience.where();
        for (int i = 0; i < where.size(); i++) {
            AudienceDefinition.Condition c = where.get(i);
            Kind kind = FIELDS.get(c.field());
            if (kind == null) {
                throw new IllegalArgumentException("audience " + audience.id() + ": unknown field '" + c.field()
                        + "'; allowed: " + FIELDS.keySet().stream().sorted().toList());
            }
            String op = c.op() == null ? "=" : c.op().trim().toLowerCase();
            if (!OPERATORS.contains(op)) {
                throw new IllegalArgumentException("audience " + audience.id() + ": operator '" + c.op()
                        + "' not allowed; use one of " + OPERATORS);
            }
            String name = "v" + i;
            if (op.equals("in")) {
                if (!(c.value() instanceof List<?> list) || list.isEmpty()) {
                    throw new IllegalArgumentException("audience " + audience.id() + ": 'in' needs a non-empty list");
                }
                params.put(name, list.stream().map(v -> convert(audience, c, kind, v)).toList());
                sql.append("\n  and p.").append(c.field()).append(" in (:").append(name).append(")");
            } else {
                params.put(name, convert(audience, c, kind, c.value()));
                sql.append("\n  and p.").append(c.field()).append(' ').append(op.equals("!=") ? "<>" : op)
                        .append(" :").append(name);
            }
        }
        sql.append("\norder by p.customer_id");
        return new AudienceQuery(sql.toString(), Map.copyOf(params));
    }

    private static Object convert(AudienceDefinition a, AudienceDefinition.Condition c, Kind kind, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("audience " + a.id() + ": condition on " + c.field() + " has no value");
        }
        if (kind == Kind.NUMBER) {
            if (value instanceof Number n) {
                return n;
            }
            try {
                return new java.math.BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("audience " + a.id() + ": " + c.field() + " needs a number, got '"
                        + value + "'");
            }
        }
        return value.toString();
    }
}
