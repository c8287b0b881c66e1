-- Till lines are stored as ticket headers and narrow items. A ticket's lines share its store, ticket id, time, card,
-- channel and customer: kept once per ticket (about four lines a ticket) instead of on every line, the per-line unique
-- key on two text ids and a line number, and the per-customer index, were most of PostgreSQL's work in a million-line
-- POS load (bench/ingest.sh, measured with psql: 5.0-5.7 s into the one wide table, 2.8-3.4 s into these two, against
-- 1.45-1.5 s into a bare table). Items are keyed by the ticket's number, which the hub takes from a sequence in
-- ascending order, so their key grows at its right-most leaf. pos_ticket_line stays, as a view, for every reader.
drop view customer_profile;

alter table pos_ticket_line rename to pos_ticket_line_before_v70;
drop trigger pos_ticket_line_customer_on_insert on pos_ticket_line_before_v70;
drop trigger pos_ticket_line_customer_on_update on pos_ticket_line_before_v70;

-- Ticket numbers: the hub reserves them in blocks (select nextval(...) from generate_series(1, n)).
create sequence pos_ticket_key_seq;

create table pos_ticket (
    ticket_key  bigint primary key,
    store_id    text collate "C" not null,
    ticket_id   text collate "C" not null,
    ticket_ts   timestamp not null,
    card_number text,
    channel     text not null,                 -- store | web
    run_id      bigint not null,               -- the feed run that stored the ticket's first line
    customer_id bigint,                        -- the card holder (checked per statement, see below)
    constraint pos_ticket_store_ticket_key unique (store_id, ticket_id)
);
create index pos_ticket_customer_idx on pos_ticket (customer_id, ticket_ts) where customer_id is not null;
create index pos_ticket_card_idx on pos_ticket (card_number) where customer_id is null and card_number is not null;
create index pos_ticket_run_idx on pos_ticket using brin (run_id) with (autosummarize = on);

create table pos_ticket_item (
    ticket_key bigint not null,                -- pos_ticket.ticket_key (kept by the writers, no per-line trigger)
    line_no    integer not null,
    sku        text not null,
    category   text,
    quantity   numeric(12, 3) not null,
    unit_price numeric(12, 2) not null,
    discount   numeric(12, 2) not null default 0,
    run_id     bigint not null,                -- the feed run the line came from
    primary key (ticket_key, line_no)
);
create index pos_ticket_item_run_idx on pos_ticket_item using brin (run_id) with (autosummarize = on);

-- Stored lines move over: each ticket takes the values of its lowest line. A line that disagreed with them (another
-- time, card, channel or customer on the same ticket) keeps its item under the ticket, and its row as it was is kept
-- in pos_ticket_line_disagreeing, so nothing is lost.
insert into pos_ticket (ticket_key, store_id, ticket_id, ticket_ts, card_number, channel, run_id, customer_id)
select row_number() over (order by f.run_id, f.store_id, f.ticket_id), f.store_id, f.ticket_id, f.ticket_ts,
       f.card_number, f.channel, f.run_id, f.customer_id
from (select distinct on (store_id, ticket_id) store_id, ticket_id, ticket_ts, card_number, channel, run_id, customer_id
      from pos_ticket_line_before_v70
      order by store_id, ticket_id, line_no) f;
select setval('pos_ticket_key_seq', greatest(1, (select coalesce(max(ticket_key), 0) from pos_ticket)),
              (select count(*) > 0 from pos_ticket));

insert into pos_ticket_item (ticket_key, line_no, sku, category, quantity, unit_price, discount, run_id)
select t.ticket_key, l.line_no, l.sku, l.category, l.quantity, l.unit_price, l.discount, l.run_id
from pos_ticket_line_before_v70 l
join pos_ticket t on t.store_id = l.store_id and t.ticket_id = l.ticket_id
order by t.ticket_key, l.line_no;

create table pos_ticket_line_disagreeing as
select l.*
from pos_ticket_line_before_v70 l
join pos_ticket t on t.store_id = l.store_id and t.ticket_id = l.ticket_id
where (l.ticket_ts, l.card_number, l.channel, l.customer_id) is distinct from
      (t.ticket_ts, t.card_number, t.channel, t.customer_id);
comment on table pos_ticket_line_disagreeing is
    'Ticket lines stored before V70 whose time, card, channel or customer differed from their ticket''s lowest line, as they were';

drop table pos_ticket_line_before_v70;
drop function pos_ticket_line_customer_exists();

create view pos_ticket_line as
select t.store_id, t.ticket_id, i.line_no, t.ticket_ts, t.card_number, i.sku, i.category, i.quantity, i.unit_price,
       i.discount, t.channel, i.run_id, t.customer_id, t.ticket_key
from pos_ticket t
join pos_ticket_item i on i.ticket_key = t.ticket_key;

-- A ticket's customer must exist: checked once per statement (as V64 did for the lines), the customers locked KEY
-- SHARE as a foreign key locks them, with the foreign key's SQLSTATE (23503) and wording.
create function pos_ticket_customer_exists() returns trigger language plpgsql as $$
declare
    missing bigint;
begin
    with wanted as (select distinct customer_id from new_tickets where customer_id is not null),
         present as materialized (select c.id from customer c join wanted w on c.id = w.customer_id for key share of c)
    select w.customer_id into missing
    from wanted w
    where not exists (select 1 from present p where p.id = w.customer_id)
    limit 1;
    if missing is not null then
        raise foreign_key_violation using
            message = 'insert or update on table "pos_ticket" violates foreign key constraint "pos_ticket_customer_id_fkey"',
            detail = format('Key (customer_id)=(%s) is not present in table "customer".', missing),
            constraint = 'pos_ticket_customer_id_fkey', table = 'pos_ticket', column = 'customer_id';
    end if;
    return null;
end $$;

create trigger pos_ticket_customer_on_insert after insert on pos_ticket
    referencing new table as new_tickets for each statement execute function pos_ticket_customer_exists();
create trigger pos_ticket_customer_on_update after update on pos_ticket
    referencing new table as new_tickets for each statement execute function pos_ticket_customer_exists();

create or replace function customer_not_referenced_by_ticket_lines() returns trigger language plpgsql as $$
declare
    referenced bigint;
begin
    select o.id into referenced
    from old_customers o
    where exists (select 1 from pos_ticket p where p.customer_id is not null and p.customer_id = o.id)
    limit 1;
    if referenced is not null then
        raise foreign_key_violation using
            message = 'update or delete on table "customer" violates foreign key constraint "pos_ticket_customer_id_fkey" on table "pos_ticket"',
            detail = format('Key (id)=(%s) is still referenced from table "pos_ticket".', referenced),
            constraint = 'pos_ticket_customer_id_fkey', table = 'customer';
    end if;
    return null;
end $$;

create or replace function customer_id_change_keeps_ticket_lines() returns trigger language plpgsql as $$
begin
    if exists (select 1 from pos_ticket p where p.customer_id is not null and p.customer_id = old.id) then
        raise foreign_key_violation using
            message = 'update or delete on table "customer" violates foreign key constraint "pos_ticket_customer_id_fkey" on table "pos_ticket"',
            detail = format('Key (id)=(%s) is still referenced from table "pos_ticket".', old.id),
            constraint = 'pos_ticket_customer_id_fkey', table = 'customer';
    end if;
    return null;
end $$;

create or replace function customer_truncate_keeps_ticket_lines() returns trigger language plpgsql as $$
begin
    if exists (select 1 from pos_ticket where customer_id is not null) then
        raise feature_not_supported using
            message = 'cannot truncate a table referenced in a foreign key constraint',
            detail = 'Table "pos_ticket" references "customer".';
    end if;
    return null;
end $$;

-- as in V1 (through the view)
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
