-- When the hub took its decision on a web event: the moment its row (with its customer resolution) was written, by
-- the database clock (clock_timestamp, not the transaction's start like received_at). The web-events benchmark
-- measures latency from production to this moment (bench/README.md "Web events").
alter table web_event add column stored_at timestamptz not null default clock_timestamp();
