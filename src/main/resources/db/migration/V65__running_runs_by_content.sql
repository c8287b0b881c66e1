-- A file ingested by one hub instance closes the runs other instances left RUNNING on the same content when they
-- died during them (FileIngestor): found by content among the few running runs.
create index feed_run_running_content_idx on feed_run (content_sha256) where status = 'RUNNING';
