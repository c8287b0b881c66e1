-- A ticket line's customer must exist, as before, but checked once per statement instead of once per line: the
-- foreign key's per-row trigger (one locking lookup of the customer per linked line, and a queued trigger event for
-- every line, linked or not) was a third of the time of a million-line POS ingest (bench/ingest.sh). The checks below
-- keep what the foreign key guaranteed:
--   * lines inserted or updated by a statement point only at existing customers, which are locked KEY SHARE, as the
--     foreign key locks them, so that a concurrent delete of one of them waits for the statement's transaction;
--   * a customer some line still points at cannot be deleted, have its id changed or be truncated.
-- The errors are the foreign key's (SQLSTATE 23503, same constraint name and wording).
alter table pos_ticket_line drop constraint if exists pos_ticket_line_customer_id_fkey;

create function pos_ticket_line_customer_exists() returns trigger language plpgsql as $$
declare
    missing bigint;
begin
    with wanted as (select distinct customer_id from new_lines where customer_id is not null),
         present as materialized (select c.id from customer c join wanted w on c.id = w.customer_id for key share of c)
    select w.customer_id into missing
    from wanted w
    where not exists (select 1 from present p where p.id = w.customer_id)
    limit 1;
    if missing is not null then
        raise foreign_key_violation using
            message = 'insert or update on table "pos_ticket_line" violates foreign key constraint "pos_ticket_line_customer_id_fkey"',
            detail = format('Key (customer_id)=(%s) is not present in table "customer".', missing),
            constraint = 'pos_ticket_line_customer_id_fkey', table = 'pos_ticket_line', column = 'customer_id';
    end if;
    return null;
end $$;

create trigger pos_ticket_line_customer_on_insert after insert on pos_ticket_line
    referencing new table as new_lines for each statement execute function pos_ticket_line_customer_exists();
create trigger pos_ticket_line_customer_on_update after update on pos_ticket_line
    referencing new table as new_lines for each statement execute function pos_ticket_line_customer_exists();

create function customer_not_referenced_by_ticket_lines() returns trigger language plpgsql as $$
declare
    referenced bigint;
begin
    select o.id into referenced
    from old_customers o
    where exists (select 1 from pos_ticket_line p where p.customer_id is not null and p.customer_id = o.id)
    limit 1;
    if referenced is not null then
        raise foreign_key_violation using
            message = 'update or delete on table "customer" violates foreign key constraint "pos_ticket_line_customer_id_fkey" on table "pos_ticket_line"',
            detail = format('Key (id)=(%s) is still referenced from table "pos_ticket_line".', referenced),
            constraint = 'pos_ticket_line_customer_id_fkey', table = 'customer';
    end if;
    return null;
end $$;

create trigger customer_delete_keeps_ticket_lines after delete on customer
    referencing old table as old_customers for each statement execute function customer_not_referenced_by_ticket_lines();

create function customer_id_change_keeps_ticket_lines() returns trigger language plpgsql as $$
begin
    if exists (select 1 from pos_ticket_line p where p.customer_id is not null and p.customer_id = old.id) then
        raise foreign_key_violation using
            message = 'update or delete on table "customer" violates foreign key constraint "pos_ticket_line_customer_id_fkey" on table "pos_ticket_line"',
            detail = format('Key (id)=(%s) is still referenced from table "pos_ticket_line".', old.id),
            constraint = 'pos_ticket_line_customer_id_fkey', table = 'customer';
    end if;
    return null;
end $$;

create trigger customer_id_change_keeps_ticket_lines after update of id on customer
    for each row when (old.id is distinct from new.id) execute function customer_id_change_keeps_ticket_lines();

create function customer_truncate_keeps_ticket_lines() returns trigger language plpgsql as $$
begin
    if exists (select 1 from pos_ticket_line where customer_id is not null) then
        raise feature_not_supported using
            message = 'cannot truncate a table referenced in a foreign key constraint',
            detail = 'Table "pos_ticket_line" references "customer".';
    end if;
    return null;
end $$;

create trigger customer_truncate_keeps_ticket_lines before truncate on customer
    for each statement execute function customer_truncate_keeps_ticket_lines();
