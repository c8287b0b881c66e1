-- Cheaper reconciliation writes (issue #4), each measured on 100,000 rows of the reconciliation benchmark's data in
-- PostgreSQL 14 on this project's machine:
--
-- identity_link keeps each source record and its match explanation as text checked to be JSON (json) instead of
-- parsed into jsonb. Nothing queries inside them: the hub reads them back whole as text and parses them in Java.
-- Storing 100,000 records took 0.92 s as jsonb, 0.34 s as json.
alter table identity_link
    alter column record type json using record::json,
    alter column fields type json using fields::json;

-- Reconciliation sets each loyalty member's customer once, in the same transaction for a whole file. With full pages
-- the new row version goes to another page and both indexes get a new entry (24 of 50,002 updates were HOT); with half
-- of each page left free the update stays on its page and no index is touched: 0.25 s instead of 0.73 s for 50,000
-- updates. Applies to the pages written from now on; the table takes about twice the room.
alter table loyalty_member set (fillfactor = 50);
