-- Movers (12% of households move every year): when a customer's records give addresses at two places, the address
-- given last survives under the survivorship rule recent-place (hub.golden.rules[address]), and moved_at says since
-- when the customer lives there (when that place was first given). Null for a customer not known to have moved. Derived
-- with the golden record, like the address itself. No index: an update that sets it stays on its page (HOT).
alter table customer add column moved_at timestamptz;

-- Audiences may filter on it (moved_days_ago <= 90: recent movers, to welcome to their new nearest store); null, so
-- matching no condition, for a customer not known to have moved. As in V70, with the new column last.
create or replace view customer_profile as
select c.id                                                   as customer_id,
       c.civility, c.first_name, c.last_name, c.email, c.mobile, c.postcode, c.city, c.country, c.home_store_id,
       c.enrolled_at,
       extract(day from now() - c.enrolled_at)::int            as enrolled_days_ago,
       coalesce(t.ticket_count, 0)                             as ticket_count,
       coalesce(t.total_spend, 0)                              as total_spend,
       t.last_purchase_at,
       extract(day from now() - t.last_purchase_at)::int       as days_since_last_purchase,
       extract(day from now() - c.moved_at)::int               as moved_days_ago
from customer c
left join (select customer_id,
                  count(distinct (store_id, ticket_id))                       as ticket_count,
                  sum(quantity * unit_price - discount)                        as total_spend,
                  max(ticket_ts)                                               as last_purchase_at
           from pos_ticket_line
           where customer_id is not null
           group by customer_id) t on t.customer_id = c.id;
