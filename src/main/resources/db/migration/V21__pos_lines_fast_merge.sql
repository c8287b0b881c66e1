-- Ticket lines arrive by the million: the run a line came from is written by the ingestion, in the transaction that
-- creates the run, so the per-row foreign-key trigger on run_id (one lookup per line, a third of the merge time
-- measured by bench/ingest.sh) checks nothing the code does not already guarantee. Runs are never deleted.
alter table pos_ticket_line drop constraint if exists pos_ticket_line_run_id_fkey;

-- Two lines in three are anonymous (no card): they need no entry in the per-customer index, which every query uses
-- with a given customer (customer_id = ..., implying not null).
drop index if exists pos_ticket_line_customer_idx;
create index pos_ticket_line_customer_idx on pos_ticket_line (customer_id, ticket_ts) where customer_id is not null;
