package io.activationhub.audience;

import java.util.List;
import java.util.Map;

/**
 * The SQL of an audience's {@link AudienceDefinition.Signal}, appended to the candidates query with bound values
 * (the predicates are fixed text; only numbers are bound). Dates are days in Europe/Paris.
 * <ul>
 *     <li>{@code birthday}: born on this day of the year, {@code days} ahead (0 = today; 29 February counts on
 *     28 February in other years);</li>
 *     <li>{@code post-purchase}: the last purchase (tills and web) was exactly {@code days} days ago;</li>
 *     <li>{@code abandoned-cart}: an {@code add_to_cart} web event within the last {@code days} days, at least
 *     {@code minutes} old, with no purchase (web event or till ticket) since;</li>
 *     <li>{@code viewed-not-bought}: a {@code product_view} within the last {@code days} days, at least
 *     {@code minutes} old, whose product was not bought since;</li>
 *     <li>{@code churn-risk}: churn probability at or above {@code threshold} in the latest scoring run and below it
 *     (or unscored) in the run before;</li>
 *     <li>{@code weather}: the customer's department (postcode prefix) is covered by a place whose forecast maximum,
 *     today or within {@code days} days, is above {@code above} or below {@code below} ({@link WeatherSignal}).</li>
 * </ul>
 */
public final class AudienceSignals {

    private AudienceSignals() {
    }

    static void check(AudienceDefinition a) {
        AudienceDefinition.Signal s = a.signal();
        if (s == null) {
            return;
        }
        if (s.type() == null || !AudienceDefinition.Signal.TYPES.contains(s.type())) {
            throw new IllegalArgumentException("audience " + a.id() + ": signal type '" + s.type() + "' is not one of "
                    + new java.util.TreeSet<>(AudienceDefinition.Signal.TYPES));
        }
        if (s.days() != null && (s.days() < 0 || s.days() > 3660)) {
            throw new IllegalArgumentException("audience " + a.id() + ": signal days must be between 0 and 3660");
        }
        switch (s.type()) {
            case "post-purchase" -> require(a, s.days() != null, "post-purchase needs days");
            case "churn-risk" -> require(a, s.threshold() != null && s.threshold() > 0 && s.threshold() < 1,
                    "churn-risk needs a threshold between 0 and 1");
            case "weather" -> require(a, (s.above() == null) != (s.below() == null), "weather needs above or below (one)");
            default -> { }
        }
    }

    private static void require(AudienceDefinition a, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("audience " + a.id() + ": signal " + what);
        }
    }

    static int days(AudienceDefinition.Signal s, int byDefault) {
        return s.days() == null ? byDefault : s.days();
    }

    static void append(AudienceDefinition a, StringBuilder sql, Map<String, Object> params, List<String> weatherDepartments) {
        AudienceDefinition.Signal s = a.signal();
        if (s == null) {
            return;
        }
        String today = "(now() at time zone 'Europe/Paris')::date";
        switch (s.type()) {
            case "birthday" -> {
                params.put("sig_days", days(s, 0));
                sql.append("\n  and c.birth_date is not null and to_char(c.birth_date, 'MM-DD') = "
                        + "case when to_char(" + today + " + :sig_days, 'MM-DD') = '02-28'"
                        + " and not (extract(year from " + today + " + :sig_days)::int % 4 = 0)"
                        + " then case when to_char(c.birth_date, 'MM-DD') = '02-29' then '02-29' else '02-28' end"
                        + " else to_char(" + today + " + :sig_days, 'MM-DD') end");
            }
            case "post-purchase" -> {
                params.put("sig_days", days(s, 0));
                sql.append("\n  and greatest(p.last_purchase_at::date, (select max((w.occurred_at at time zone 'Europe/Paris')::date)"
                        + " from web_event w where w.customer_id = p.customer_id and w.type = 'purchase'))"
                        + " = " + today + " - :sig_days");
            }
            case "abandoned-cart", "viewed-not-bought" -> {
                params.put("sig_days", days(s, 3));
                params.put("sig_minutes", s.minutes() == null ? 30 : s.minutes());
                String type = s.type().equals("abandoned-cart") ? "add_to_cart" : "product_view";
                String sameSku = s.type().equals("abandoned-cart") ? "" : " and b.sku = e.sku";
                String sameSkuTill = s.type().equals("abandoned-cart") ? "" : " and t.sku = e.sku";
                sql.append("\n  and exists (select 1 from web_event e where e.customer_id = p.customer_id and e.type = '")
                        .append(type).append("'")
                        .append(" and e.occurred_at >= now() - make_interval(days => :sig_days)")
                        .append(" and e.occurred_at <= now() - make_interval(mins => :sig_minutes)")
                        .append(" and not exists (select 1 from web_event b where b.customer_id = p.customer_id")
                        .append(" and b.type = 'purchase' and b.occurred_at >= e.occurred_at").append(sameSku).append(")")
                        .append(" and not exists (select 1 from pos_ticket_line t where t.customer_id = p.customer_id")
                        .append(" and t.ticket_ts >= (e.occurred_at at time zone 'Europe/Paris')").append(sameSkuTill).append("))");
            }
            case "churn-risk" -> {
                params.put("sig_threshold", s.threshold());
                sql.append("\n  and s.churn_probability >= :sig_threshold and not exists (select 1 from customer_score q"
                        + " where q.customer_id = p.customer_id and q.churn_probability >= :sig_threshold"
                        + " and q.run_id = (select r.id from scoring_run r where r.status = 'SUCCEEDED'"
                        + " order by r.as_of desc, r.id desc offset 1 limit 1))");
            }
            case "weather" -> {
                params.put("sig_departments", weatherDepartments == null || weatherDepartments.isEmpty()
                        ? List.of("-") : weatherDepartments);
                sql.append("\n  and left(replace(coalesce(p.postcode, ''), ' ', ''), 2) in (:sig_departments)");
            }
            default -> throw new IllegalArgumentException("unknown signal " + s.type());
        }
    }
}
