-- Ticket lines arrive by the million and every index on pos_ticket_line is kept up to date line by line. Measured with
-- bench/ingest.sh (COPY of a million lines), two of them cost more than they need to:
--   * the primary key compares store and ticket ids with the database's collation (strcoll for a locale such as
--     fr_FR.UTF-8 or C.UTF-8). These ids are codes, never sorted for people: compared byte by byte ("C") they order
--     the same for ASCII ids and the key is cheaper to keep. customer_ticket, derived from the lines and joined to
--     them on these ids, gets the same collation so the two compare without a collation conflict.
--   * the b-tree on run_id held one entry per line for a value shared by every line of a run. Lines of a run are
--     written together, so they sit in a few contiguous block ranges: a BRIN index finds them (a run's lines are read
--     by incremental scoring and by the linking of tickets to cards) for almost nothing at write time. New block
--     ranges are summarised by autovacuum as they fill (autosummarize); until then a query reads them, which is
--     correct, only slower.
drop view customer_profile;

alter table pos_ticket_line
    alter column store_id type text collate "C",
    alter column ticket_id type text collate "C";
alter table customer_ticket
    alter column store_id type text collate "C",
    alter column ticket_id type text collate "C";

drop index pos_ticket_line_run_idx;
create index pos_ticket_line_run_idx on pos_ticket_line using brin (run_id) with (autosummarize = on);

-- as in V1
create view customer_profile as
select c.id                                                   as customer_id,
       c.civility, c.first_name, c.last_name, c.email, c.mobile, c.postcode, c.city, c.country, c.home_store_id,
       c.enrolled_at,
       extract(day from now() - c.enrolled_at)::int            as enrolled_days_ago,
       coalesce(t.ticket_count, 0)                             as ticket_count,
       coalesce(t.total_spend, 0)                              as total_spend,
       t.last_purchase_at,
       extract(day from now() - t.last_purchase_at)::int       as days_since_last_purchase
from customer c
left join (select customer_id,
                  count(distinct (store_id, ticket_id))                       as ticket_count,
                  sum(quantity * unit_price - discount)                        as total_spend,
                  max(ticket_ts)                                               as last_purchase_at
           from pos_ticket_line
           where customer_id is not null
           group by customer_id) t on t.customer_id = c.id;
