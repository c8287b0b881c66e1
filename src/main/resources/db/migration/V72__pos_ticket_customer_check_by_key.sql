-- A ticket's customer is checked per statement by V71's customer_ids_exist() (the statement's customer ids looked up
-- as an array by the primary key) instead of V70's join of the transition table with customer. PostgreSQL has no
-- statistics on a transition table, and while a large load grows the customer table faster than it is analysed the
-- join was planned as a scan of every customer for each statement: measured on reconciliation's tables (V71), where
-- it made 200,000 members take 79.9 s instead of 64.0 s. Same guarantees, errors and constraint name.
drop trigger pos_ticket_customer_on_insert on pos_ticket;
drop trigger pos_ticket_customer_on_update on pos_ticket;
drop function pos_ticket_customer_exists();

create trigger pos_ticket_customer_on_insert after insert on pos_ticket
    referencing new table as new_rows for each statement execute function customer_ids_exist();
create trigger pos_ticket_customer_on_update after update on pos_ticket
    referencing new table as new_rows for each statement execute function customer_ids_exist();
