-- Reconciliation writes, for each 100,000 loyalty members, about a million rows pointing at a customer: identity
-- links, blocking keys, identities, consent events and the members' customer. Each row's foreign key ran one locking
-- lookup of its customer and queued a trigger event: in bench/reconciliation-benchmark.sh (200,000 members, two files)
-- PostgreSQL used 24-25 s of CPU on the first file with them and 19.9 s with the checks below, 71.3 s in all against
-- 64.0 s. As V64 did for till lines, the checks are now made once per statement, keeping what the foreign keys
-- guaranteed:
--   * rows inserted or updated by a statement point only at existing customers, which are locked KEY SHARE, as the
--     foreign key locks them, so that a concurrent delete of one of them waits for the statement's transaction;
--   * a customer some row still points at cannot be deleted, have its id changed or be truncated.
-- The errors are the foreign keys' (SQLSTATE 23503, same constraint names and wording).
--
-- The keys these tables are looked up and kept unique by (blocking key, source and source key) compare byte by byte
-- (collation "C"): they are identifiers, never shown sorted to a person, and byte comparison is the cheapest.

alter table customer_identity drop constraint customer_identity_customer_id_fkey;
alter table identity_link drop constraint identity_link_customer_id_fkey;
alter table customer_match_key drop constraint customer_match_key_customer_id_fkey;
alter table consent_event drop constraint consent_event_customer_id_fkey;
alter table loyalty_member drop constraint loyalty_member_customer_id_fkey;

create function customer_ids_exist() returns trigger language plpgsql as $$
declare
    wanted bigint[];
    present int;
    missing bigint;
begin
    -- the ids as an array, looked up by the primary key (a join with the transition table, which has no statistics,
    -- was planned as a scan of every customer for each statement)
    wanted := array(select distinct customer_id from new_rows where customer_id is not null);
    if cardinality(wanted) = 0 then
        return null;
    end if;
    select count(*) into present from (select 1 from customer c where c.id = any(wanted) for key share of c) p;
    if present < cardinality(wanted) then
        select w into missing from unnest(wanted) w where not exists (select 1 from customer c where c.id = w) limit 1;
        raise foreign_key_violation using
            message = format('insert or update on table "%s" violates foreign key constraint "%s_customer_id_fkey"',
                             tg_table_name, tg_table_name),
            detail = format('Key (customer_id)=(%s) is not present in table "customer".', missing),
            constraint = tg_table_name || '_customer_id_fkey', table = tg_table_name, column = 'customer_id';
    end if;
    return null;
end $$;

do $$
declare
    t text;
begin
    foreach t in array array['customer_identity', 'identity_link', 'customer_match_key', 'consent_event'] loop
        execute format('create trigger %I after insert on %I referencing new table as new_rows '
                       'for each statement execute function customer_ids_exist()', t || '_customer_on_insert', t);
        execute format('create trigger %I after update on %I referencing new table as new_rows '
                       'for each statement execute function customer_ids_exist()', t || '_customer_on_update', t);
    end loop;
end $$;

-- members arrive (by COPY) without a customer, which reconciliation sets by update: a row-level check for the rare
-- member inserted with one keeps the arrival from copying every row into a transition table
create function loyalty_member_customer_exists() returns trigger language plpgsql as $$
begin
    perform 1 from customer c where c.id = new.customer_id for key share of c;
    if not found then
        raise foreign_key_violation using
            message = 'insert or update on table "loyalty_member" violates foreign key constraint "loyalty_member_customer_id_fkey"',
            detail = format('Key (customer_id)=(%s) is not present in table "customer".', new.customer_id),
            constraint = 'loyalty_member_customer_id_fkey', table = 'loyalty_member', column = 'customer_id';
    end if;
    return null;
end $$;

create trigger loyalty_member_customer_on_insert after insert on loyalty_member
    for each row when (new.customer_id is not null) execute function loyalty_member_customer_exists();
create trigger loyalty_member_customer_on_update after update on loyalty_member
    referencing new table as new_rows for each statement execute function customer_ids_exist();

-- The first of these tables still pointing at one of the customers, and that customer; null when none does.
create function customer_reference(ids bigint[], out referencing text, out customer_id bigint)
    language plpgsql stable as $$
declare
    t text;
begin
    foreach t in array array['customer_identity', 'identity_link', 'customer_match_key', 'consent_event',
                             'loyalty_member'] loop
        execute format('select r.customer_id from %I r where r.customer_id = any($1) limit 1', t)
            into customer_id using ids;
        if customer_id is not null then
            referencing := t;
            return;
        end if;
    end loop;
end $$;

-- For a delete (per statement, the deleted customers in old_customers) and for an id change (per row).
create function customer_not_referenced_by_reconciliation() returns trigger language plpgsql as $$
declare
    ids bigint[];
    found record;
begin
    if tg_level = 'ROW' then
        ids := array[old.id];
    else
        ids := array(select id from old_customers);
    end if;
    select * into found from customer_reference(ids);
    if found.referencing is not null then
        raise foreign_key_violation using
            message = format('update or delete on table "customer" violates foreign key constraint "%s_customer_id_fkey" on table "%s"',
                             found.referencing, found.referencing),
            detail = format('Key (id)=(%s) is still referenced from table "%s".', found.customer_id, found.referencing),
            constraint = found.referencing || '_customer_id_fkey', table = 'customer';
    end if;
    return null;
end $$;

create trigger customer_delete_keeps_reconciliation after delete on customer
    referencing old table as old_customers for each statement execute function customer_not_referenced_by_reconciliation();
create trigger customer_id_change_keeps_reconciliation after update of id on customer
    for each row when (old.id is distinct from new.id) execute function customer_not_referenced_by_reconciliation();

create function customer_truncate_keeps_reconciliation() returns trigger language plpgsql as $$
declare
    t text;
    referenced boolean;
begin
    foreach t in array array['customer_identity', 'identity_link', 'customer_match_key', 'consent_event',
                             'loyalty_member'] loop
        execute format('select exists (select 1 from %I where customer_id is not null)', t) into strict referenced;
        if referenced then
            raise feature_not_supported using
                message = 'cannot truncate a table referenced in a foreign key constraint',
                detail = format('Table "%s" references "customer".', t);
        end if;
    end loop;
    return null;
end $$;

create trigger customer_truncate_keeps_reconciliation before truncate on customer
    for each statement execute function customer_truncate_keeps_reconciliation();

alter table customer_match_key alter column match_key type text collate "C";
alter table identity_link alter column source type text collate "C", alter column source_key type text collate "C";
alter table customer_identity alter column source type text collate "C", alter column source_key type text collate "C";
