-- The audience clock asks, every tick (30 s), when the latest web event was stored (max(received_at)): without an
-- index that is a scan of every web event ever stored, which at 2,000 events a second is millions of rows more each
-- hour. With this index it reads one entry.
create index web_event_received_idx on web_event (received_at);
