package io.activationhub.audience;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles an audience definition into one parametrised SQL query over {@code customer_profile} (and the latest
 * scores, {@code customer_score_current}, when a condition is on a score). Field names and
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
            Map.entry("days_since_last_purchase", Kind.NUMBER), Map.entry("moved_days_ago", Kind.NUMBER));

    /**
     * Scores of the latest scoring run ({@code customer_score_current}), with the SQL expression each stands for.
     * A customer never scored (no purchase) matches no condition on them.
     */
    static final Map<String, String> SCORE_COLUMNS = Map.ofEntries(
            Map.entry("segment", "s.segment"), Map.entry("rfm_r", "s.rfm_r"), Map.entry("rfm_f", "s.rfm_f"),
            Map.entry("rfm_m", "s.rfm_m"), Map.entry("frequency", "s.frequency"), Map.entry("monetary", "s.monetary"),
            Map.entry("churn_probability", "s.churn_probability"), Map.entry("p_alive", "s.p_alive"),
            Map.entry("expected_purchases_12m", "s.expected_purchases_12m"), Map.entry("clv_12m", "s.clv_12m"),
            Map.entry("promo_share", "s.promo_share"), Map.entry("price_profile", "s.price_profile"),
            Map.entry("top_category", "s.top_categories[1]"), Map.entry("preferred_store_id", "s.preferred_store_id"),
            Map.entry("preferred_channel", "s.preferred_channel"), Map.entry("top_customer", "s.top_customer"));

    static final Map<String, Kind> SCORE_FIELDS = Map.ofEntries(
            Map.entry("segment", Kind.TEXT), Map.entry("rfm_r", Kind.NUMBER), Map.entry("rfm_f", Kind.NUMBER),
            Map.entry("rfm_m", Kind.NUMBER), Map.entry("frequency", Kind.NUMBER), Map.entry("monetary", Kind.NUMBER),
            Map.entry("churn_probability", Kind.NUMBER), Map.entry("p_alive", Kind.NUMBER),
            Map.entry("expected_purchases_12m", Kind.NUMBER), Map.entry("clv_12m", Kind.NUMBER),
            Map.entry("promo_share", Kind.NUMBER), Map.entry("price_profile", Kind.TEXT),
            Map.entry("top_category", Kind.TEXT), Map.entry("preferred_store_id", Kind.TEXT),
            Map.entry("preferred_channel", Kind.TEXT), Map.entry("top_customer", Kind.BOOLEAN));

    /** Score fields whose values come from a fixed list: a typo is refused instead of matching nobody. */
    static final Map<String, List<String>> SCORE_VALUES = Map.of(
            "segment", io.activationhub.scoring.ScoringSettings.SEGMENTS,
            "price_profile", List.of("promo_driven", "full_price", "mixed"),
            "preferred_channel", List.of("store", "web", "mixed"));

    private static final Set<String> OPERATORS = Set.of("=", "!=", "<", "<=", ">", ">=", "in");

    enum Kind { TEXT, NUMBER, BOOLEAN }

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
        checkPlan(audience);
        StringBuilder sql = new StringBuilder("""
                select p.customer_id, p.civility, p.first_name, p.last_name, p.email, p.city
                from customer_profile p
                join consent_current cc on cc.customer_id = p.customer_id and cc.channel = :channel and cc.status = 'granted'
                where p.email is not null
                  and not exists (select 1 from suppression s where s.channel = :channel
                                  and s.address_hash = encode(sha256(convert_to(p.email, 'UTF8')), 'hex'))""");
        return build(audience, audience.channel(), audience.oncePerCustomer(), sql);
    }

    /**
     * The members of an audience for the ad platforms: the same conditions, with the {@code ads} consent granted
     * (instead of the audience's own channel), an email or a mobile number, and the fields the platforms match on.
     * Customers whose email is suppressed on {@code ads} are left out. Never once-per-customer: a list is a membership.
     */
    public static AudienceQuery forAds(AudienceDefinition audience) {
        StringBuilder sql = new StringBuilder("""
                select p.customer_id, p.first_name, p.last_name, p.email, p.mobile, p.postcode, p.city, p.country
                from customer_profile p
                join consent_current cc on cc.customer_id = p.customer_id and cc.channel = :channel and cc.status = 'granted'
                where (p.email is not null or p.mobile is not null)
                  and not exists (select 1 from suppression s where s.channel = :channel and p.email is not null
                                  and s.address_hash = encode(sha256(convert_to(p.email, 'UTF8')), 'hex'))""");
        return build(audience, "ads", false, sql);
    }

    private static AudienceQuery build(AudienceDefinition audience, String channel, boolean oncePerCustomer,
                                       StringBuilder sql) {
        Map<String, Object> params = new HashMap<>();
        params.put("channel", channel);
        params.put("audience", audience.id());
        if (oncePerCustomer) {
            sql.append("\n  and not exists (select 1 from push x where x.audience_id = :audience"
                    + " and x.customer_id = p.customer_id and x.status not in ('FAILED', 'SKIPPED'))");
        }
        if (audience.where().stream().anyMatch(c -> SCORE_FIELDS.containsKey(c.field()))) {
            int from = sql.indexOf("\njoin consent_current");
            sql.insert(from, "\nleft join customer_score_current s on s.customer_id = p.customer_id");
        }
        conditions(audience, sql, params);
        sql.append("\norder by p.customer_id");
        return new AudienceQuery(sql.toString(), Map.copyOf(params));
    }

    /**
     * Everyone the audience selects (conditions and signal), before the channel plan: with their contact points,
     * the channels they consented to, per-channel suppression of their email and mobile, their own channel
     * preference and cap, and how many contacts they had since {@code :since} (all channels). Consent, suppression,
     * pressure and control group are then decided per member by {@link ChannelPlanner}, so a preview can say why
     * someone is left out.
     *
     * @param weatherDepartments departments (postcode prefixes) where the weather signal holds; only for that signal
     */
    public static AudienceQuery candidates(AudienceDefinition audience, java.time.Instant since,
                                           List<String> weatherDepartments) {
        checkPlan(audience);
        StringBuilder sql = new StringBuilder("""
                select p.customer_id, p.civility, p.first_name, p.last_name, p.email, p.mobile, p.city, p.postcode,
                       p.country, c.address_line2, c.address_line3, c.address_line4, c.address_line5,
                       c.postal_undeliverable_at,
                       (select string_agg(g.channel, ',') from consent_current g
                        where g.customer_id = p.customer_id and g.status = 'granted') as granted_channels,
                       exists (select 1 from suppression se where se.channel = 'email' and p.email is not null
                               and se.address_hash = encode(sha256(convert_to(p.email, 'UTF8')), 'hex')) as email_suppressed,
                       exists (select 1 from suppression sm where sm.channel = 'sms' and p.mobile is not null
                               and sm.address_hash = encode(sha256(convert_to(p.mobile, 'UTF8')), 'hex')) as sms_suppressed,
                       cp.preferred_channel, cp.max_per_month,
                       (select count(*) from push r where r.customer_id = p.customer_id and r.queued_at >= :since
                          and r.status in ('QUEUED', 'HELD', 'SENT')) as recent_contacts
                from customer_profile p
                join customer c on c.id = p.customer_id
                left join contact_preference cp on cp.customer_id = p.customer_id
                where true""");
        Map<String, Object> params = new HashMap<>();
        params.put("audience", audience.id());
        params.put("since", java.sql.Timestamp.from(since));
        if (audience.oncePerCustomer()) {
            sql.append("\n  and not exists (select 1 from push x where x.audience_id = :audience"
                    + " and x.customer_id = p.customer_id and x.status not in ('FAILED', 'SKIPPED'))");
        }
        if (audience.cooldownDays() != null && audience.cooldownDays() > 0) {
            params.put("cooldown", audience.cooldownDays());
            sql.append("\n  and not exists (select 1 from push y where y.audience_id = :audience"
                    + " and y.customer_id = p.customer_id and y.status <> 'FAILED'"
                    + " and y.queued_at >= now() - make_interval(days => :cooldown))");
        }
        boolean scores = audience.where().stream().anyMatch(c -> SCORE_FIELDS.containsKey(c.field()))
                || (audience.signal() != null && "churn-risk".equals(audience.signal().type()));
        if (scores) {
            int from = sql.indexOf("\nleft join contact_preference");
            sql.insert(from, "\nleft join customer_score_current s on s.customer_id = p.customer_id");
        }
        conditions(audience, sql, params);
        AudienceSignals.append(audience, sql, params, weatherDepartments);
        sql.append("\norder by p.customer_id");
        return new AudienceQuery(sql.toString(), Map.copyOf(params));
    }

    static void checkPlan(AudienceDefinition audience) {
        List<String> plan = audience.plan();
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("audience " + audience.id() + ": needs a channel, or channels.preferred");
        }
        for (String ch : plan) {
            if (!AudienceDefinition.CHANNELS.contains(ch)) {
                throw new IllegalArgumentException("audience " + audience.id() + ": channel '" + ch
                        + "' is not one of " + new java.util.TreeSet<>(AudienceDefinition.CHANNELS));
            }
        }
        if (audience.controlGroupShare() != null
                && (audience.controlGroupShare() < 0 || audience.controlGroupShare() >= 1)) {
            throw new IllegalArgumentException("audience " + audience.id() + ": controlGroupShare must be in [0, 1)");
        }
        AudienceSignals.check(audience);
    }

    private static void conditions(AudienceDefinition audience, StringBuilder sql, Map<String, Object> params) {
        List<AudienceDefinition.Condition> where = audience.where();
        for (int i = 0; i < where.size(); i++) {
            AudienceDefinition.Condition c = where.get(i);
            Kind kind = FIELDS.containsKey(c.field()) ? FIELDS.get(c.field()) : SCORE_FIELDS.get(c.field());
            if (kind == null) {
                java.util.SortedSet<String> allowed = new java.util.TreeSet<>(FIELDS.keySet());
                allowed.addAll(SCORE_FIELDS.keySet());
                throw new IllegalArgumentException("audience " + audience.id() + ": unknown field '" + c.field()
                        + "'; allowed: " + allowed);
            }
            String column = FIELDS.containsKey(c.field()) ? "p." + c.field() : SCORE_COLUMNS.get(c.field());
            String op = c.op() == null ? "=" : c.op().trim().toLowerCase();
            if (!OPERATORS.contains(op)) {
                throw new IllegalArgumentException("audience " + audience.id() + ": operator '" + c.op()
                        + "' not allowed; use one of " + OPERATORS);
            }
            if (kind == Kind.BOOLEAN && !op.equals("=") && !op.equals("!=")) {
                throw new IllegalArgumentException("audience " + audience.id() + ": " + c.field()
                        + " is true or false; use = or !=");
            }
            String name = "v" + i;
            if (op.equals("in")) {
                if (!(c.value() instanceof List<?> list) || list.isEmpty()) {
                    throw new IllegalArgumentException("audience " + audience.id() + ": 'in' needs a non-empty list");
                }
                params.put(name, list.stream().map(v -> convert(audience, c, kind, v)).toList());
                sql.append("\n  and ").append(column).append(" in (:").append(name).append(")");
            } else {
                params.put(name, convert(audience, c, kind, c.value()));
                sql.append("\n  and ").append(column).append(' ').append(op.equals("!=") ? "<>" : op)
                        .append(" :").append(name);
            }
        }
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
        if (kind == Kind.BOOLEAN) {
            if (value instanceof Boolean b) {
                return b;
            }
            String text = value.toString().trim().toLowerCase();
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException("audience " + a.id() + ": " + c.field() + " needs true or false, got '"
                        + value + "'");
            }
            return Boolean.parseBoolean(text);
        }
        List<String> allowed = SCORE_VALUES.get(c.field());
        if (allowed != null && !allowed.contains(value.toString())) {
            throw new IllegalArgumentException("audience " + a.id() + ": " + c.field() + " '" + value
                    + "' is not one of " + allowed);
        }
        return value.toString();
    }
}
