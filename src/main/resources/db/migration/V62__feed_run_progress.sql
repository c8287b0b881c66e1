-- Progress of a run in progress: lines read so far, written every hub.ingest.progress-every-rows lines from outside
-- the run's own transaction, so the console and other instances see it while a big file loads.
alter table feed_run add column progress_rows bigint;
