package io.activationhub.scoring;

/** The set-based steps of a scoring run, with named parameters; each fills a temporary table of the transaction. */
final class ScoringSql {

    private ScoringSql() {
    }

    /**
     * One row per customer who bought before as_of: history (first/last purchase, purchase days, spend of the first
     * purchase day for the Gamma-Gamma repeat mean), window figures (frequency, monetary) and what the segment rules
     * and traits need. Tickets are summed per day first, then per customer.
     */
    static final String STAGE = """
            create temporary table score_stage on commit drop as
            select customer_id,
                   min(first_ts)                                      as first_ts,
                   max(last_ts)                                       as last_ts,
                   min(day)                                           as first_day,
                   max(day)                                           as last_day,
                   count(*)::int                                      as purchase_days,
                   sum(revenue)                                       as total_revenue,
                   (min(array[(day - date '2000-01-01')::numeric, revenue]))[2] as first_day_revenue,
                   sum(window_tickets)::int                           as frequency,
                   coalesce(sum(window_revenue), 0)                   as monetary,
                   sum(recent_tickets)::int                           as recent_tickets,
                   sum(lapse_tickets)::int                            as lapse_tickets,
                   sum(web_tickets)::int                              as web_tickets,
                   sum(store_tickets)::int                            as store_tickets,
                   sum(lines)                                         as lines,
                   sum(discounted_lines)                              as discounted_lines,
                   (cast(:asOf as date) - max(day))::int              as recency_days
            from (select customer_id, ticket_ts::date as day, min(ticket_ts) as first_ts, max(ticket_ts) as last_ts,
                         sum(revenue) as revenue,
                         count(*) filter (where ticket_ts >= :windowStart)                           as window_tickets,
                         sum(revenue) filter (where ticket_ts >= :windowStart)                       as window_revenue,
                         count(*) filter (where ticket_ts >= :recentStart)                           as recent_tickets,
                         count(*) filter (where ticket_ts >= :lapseStart and ticket_ts < :recentStart) as lapse_tickets,
                         count(*) filter (where channel = 'web')                                     as web_tickets,
                         count(*) filter (where channel <> 'web')                                    as store_tickets,
                         sum(line_count)                                                             as lines,
                         sum(discounted_lines)                                                       as discounted_lines
                  from customer_ticket
                  where ticket_ts < :asOf
                  group by customer_id, ticket_ts::date) d
            group by customer_id""";

    /**
     * RFM scores 1..buckets by ntile among the customers who bought in the window (recency: most recent = highest),
     * where customers with equal values share the lowest score their value reaches; 0 without a purchase in the
     * window. Also the top customers by window revenue (the top_share of the window's buyers).
     */
    static final String RANK = """
            create temporary table score_rank on commit drop as
            select customer_id,
                   case when active then min(r_tile) over (partition by active, recency_days) else 0 end as rfm_r,
                   case when active then min(f_tile) over (partition by active, frequency) else 0 end    as rfm_f,
                   case when active then min(m_tile) over (partition by active, monetary) else 0 end     as rfm_m,
                   active and revenue_rank <= ceil(:topShare * count(*) over (partition by active))      as top_customer
            from (select customer_id, recency_days, frequency, monetary, frequency > 0 as active,
                         ntile(:buckets) over (partition by frequency > 0 order by recency_days desc)   as r_tile,
                         ntile(:buckets) over (partition by frequency > 0 order by frequency)           as f_tile,
                         ntile(:buckets) over (partition by frequency > 0 order by monetary)            as m_tile,
                         row_number() over (partition by frequency > 0 order by monetary desc, customer_id) as revenue_rank
                  from score_stage) s""";

    /** The store of the most in-store tickets (then the most revenue, then the smallest id). */
    static final String STORE = """
            create temporary table score_store on commit drop as
            select distinct on (customer_id) customer_id, store_id
            from (select customer_id, store_id, count(*) as tickets, sum(revenue) as revenue
                  from customer_ticket
                  where ticket_ts < :asOf and channel <> 'web'
                  group by customer_id, store_id) s
            order by customer_id, tickets desc, revenue desc, store_id""";

    /**
     * The customer's categories by revenue before as_of, best first, at most top_categories of them: straight from the
     * ticket lines (a per-day-and-category fact would hold almost as many rows as the lines themselves). Summed in
     * float8: only the order matters here, and its aggregate state is a fraction of numeric's.
     */
    static final String CATEGORIES = """
            create temporary table score_category on commit drop as
            select customer_id, array_agg(category order by rank) as categories
            from (select customer_id, category,
                         row_number() over (partition by customer_id
                                            order by sum((quantity * unit_price - discount)::float8) desc, category) as rank
                  from pos_ticket_line
                  where customer_id is not null and ticket_ts < :asOf and category is not null and category <> ''
                  group by customer_id, category) c
            where rank <= :topCategories
            group by customer_id""";

    /** What the BG/NBD and Gamma-Gamma models need, per customer, in customer order. */
    static final String MODEL_INPUT = """
            select customer_id, purchase_days - 1 as x, last_day - first_day as tx_days,
                   cast(:asOf as date) - first_day as age_days,
                   case when purchase_days > 1 then (total_revenue - first_day_revenue) / (purchase_days - 1) end as repeat_mean
            from score_stage
            order by customer_id""";

    static final String MODEL_TABLE = """
            create temporary table score_model (
                customer_id bigint primary key, expected_purchases double precision, p_alive double precision,
                churn_probability double precision, expected_order_value numeric(14, 2), clv numeric(14, 2)
            ) on commit drop""";

    /** The snapshot: every customer who bought before as_of, with a segment (rules in ScoringSettings, same order). */
    static final String SCORES = """
            insert into customer_score (run_id, customer_id, recency_days, frequency, monetary, rfm_r, rfm_f, rfm_m,
                   segment, first_purchase_at, last_purchase_at, purchase_days, expected_purchases_12m, p_alive,
                   churn_probability, expected_order_value, clv_12m, promo_share, price_profile, top_categories,
                   preferred_store_id, preferred_channel, top_customer)
            select :run, s.customer_id, s.recency_days, s.frequency, s.monetary, r.rfm_r, r.rfm_f, r.rfm_m,
                   case when s.last_ts < :inactiveBefore then 'inactive'
                        when s.first_ts >= :newStart then 'new'
                        when s.recent_tickets > 0 and s.lapse_tickets = 0 and s.first_ts < :lapseStart then 'reactivated'
                        when s.recent_tickets > 0 and r.rfm_f >= :bestMinScore and r.rfm_m >= :bestMinScore then 'best'
                        when s.recent_tickets > 0 and s.frequency >= :loyalMinTickets then 'loyal'
                        when s.recent_tickets = 0 and s.frequency >= :atRiskMinTickets then 'at_risk'
                        else 'occasional' end,
                   s.first_ts, s.last_ts, s.purchase_days, m.expected_purchases, m.p_alive, m.churn_probability,
                   m.expected_order_value, m.clv,
                   round(s.discounted_lines::numeric / greatest(s.lines, 1), 4),
                   case when s.discounted_lines::numeric / greatest(s.lines, 1) >= :promoDrivenMinShare then 'promo_driven'
                        when s.discounted_lines::numeric / greatest(s.lines, 1) <= :fullPriceMaxShare then 'full_price'
                        else 'mixed' end,
                   coalesce(c.categories, '{}'), st.store_id,
                   case when s.web_tickets > 0 and s.store_tickets > 0 then 'mixed'
                        when s.web_tickets > 0 then 'web' else 'store' end,
                   r.top_customer
            from score_stage s
            join score_rank r on r.customer_id = s.customer_id
            join score_model m on m.customer_id = s.customer_id
            left join score_store st on st.customer_id = s.customer_id
            left join score_category c on c.customer_id = s.customer_id""";
}
