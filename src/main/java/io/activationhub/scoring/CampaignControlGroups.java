package io.activationhub.scoring;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Control groups of campaigns (a campaign is an audience): splits an activation's members into the held-out control
 * group and the contacted rest with {@link ControlGroup}, records every member's group in {@code campaign_control}
 * (first assignment kept), and measures uplift from the tickets bought after assignment.
 */
@Component
public class CampaignControlGroups {

    private final NamedParameterJdbcTemplate jdbc;
    private final ControlGroupSettings settings;

    public CampaignControlGroups(NamedParameterJdbcTemplate jdbc, ControlGroupSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * Records the members' groups and returns those to contact. With a share of 0 everyone is contacted and nothing
     * is recorded.
     *
     * @param members rows with a {@code customer_id}
     */
    public List<Map<String, Object>> contacted(String campaignId, long activationId, List<Map<String, Object>> members) {
        return contacted(campaignId, activationId, members, null);
    }

    /** The same, with the audience's own share when it sets one (null: the settings'). */
    public List<Map<String, Object>> contacted(String campaignId, long activationId, List<Map<String, Object>> members,
                                               Double share) {
        ControlGroup group = share == null ? settings.of(campaignId) : new ControlGroup(campaignId, share);
        if (group.share() == 0 || members.isEmpty()) {
            return members;
        }
        List<Map<String, Object>> contacted = new ArrayList<>(members.size());
        List<SqlParameterSource> rows = new ArrayList<>(members.size());
        for (Map<String, Object> m : members) {
            long customerId = ((Number) m.get("customer_id")).longValue();
            double draw = group.draw(customerId);
            boolean heldOut = draw < group.share();
            if (!heldOut) {
                contacted.add(m);
            }
            rows.add(new MapSqlParameterSource("campaign", campaignId).addValue("customer", customerId)
                    .addValue("held", heldOut).addValue("draw", draw).addValue("share", group.share())
                    .addValue("activation", activationId));
        }
        jdbc.batchUpdate("""
                insert into campaign_control (campaign_id, customer_id, held_out, draw, share, activation_id)
                values (:campaign, :customer, :held, :draw, :share, :activation)
                on conflict (campaign_id, customer_id) do nothing""", rows.toArray(SqlParameterSource[]::new));
        return contacted;
    }

    /**
     * Contacted versus held-out customers of a campaign: customers, buyers and revenue from tickets since each
     * customer's assignment, and the uplift in revenue per customer and in buyer rate.
     */
    /** The control group in force for a campaign (the audience's own share when it sets one). */
    public ControlGroup group(String campaignId, Double share) {
        return share == null ? settings.of(campaignId) : new ControlGroup(campaignId, share);
    }

    public Map<String, Object> uplift(String campaignId) {
        Map<Boolean, Map<String, Object>> groups = new LinkedHashMap<>();
        jdbc.query("""
                select g.held_out, count(*) as customers, count(b.revenue) as buyers, coalesce(sum(b.revenue), 0) as revenue
                from campaign_control g
                left join lateral (select sum(l.quantity * l.unit_price - l.discount) as revenue
                                   from pos_ticket_line l
                                   where l.customer_id = g.customer_id and l.ticket_ts >= g.assigned_at::timestamp) b on true
                where g.campaign_id = :campaign
                group by g.held_out""", Map.of("campaign", campaignId), rs -> {
            Map<String, Object> g = new LinkedHashMap<>();
            long customers = rs.getLong("customers");
            BigDecimal revenue = rs.getBigDecimal("revenue");
            g.put("customers", customers);
            g.put("buyers", rs.getLong("buyers"));
            g.put("revenue", revenue);
            g.put("revenuePerCustomer", revenue.divide(BigDecimal.valueOf(customers), 4, RoundingMode.HALF_UP));
            g.put("buyerRate", rs.getLong("buyers") / (double) customers);
            groups.put(rs.getBoolean("held_out"), g);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("campaign", campaignId);
        out.put("share", settings.of(campaignId).share());
        out.put("contacted", groups.get(false));
        out.put("control", groups.get(true));
        if (groups.get(false) != null && groups.get(true) != null) {
            out.put("revenuePerCustomerUplift", ((BigDecimal) groups.get(false).get("revenuePerCustomer"))
                    .subtract((BigDecimal) groups.get(true).get("revenuePerCustomer")));
            out.put("buyerRateUplift", (double) groups.get(false).get("buyerRate") - (double) groups.get(true).get("buyerRate"));
        }
        return out;
    }
}
