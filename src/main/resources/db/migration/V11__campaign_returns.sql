-- Campaign returns: undelivered postal mail (PND) and email bounces.

-- PND return files (inbox/pnd): one row per returned envelope, matched to the push printed on it.
create table postal_return (
    push_id      bigint primary key references push (id),
    customer_id  bigint not null references customer (id),
    returned_on  date not null,
    reason_code  smallint not null,             -- La Poste: 1 address faulty or no access, 2 addressee unknown, 3 refused, 4 not claimed
    reason_label text not null,
    address_hash text,                          -- the address flagged (PostalAddressKey), set when applied
    run_id       bigint not null references feed_run (id),
    line_no      bigint not null,
    applied_at   timestamptz
);
create index postal_return_pending_idx on postal_return (run_id) where applied_at is null;

-- The customer's current postal address is undeliverable: not mailed again until the address changes
-- (reconciliation clears the flag when the address it was set for is replaced).
alter table customer add column postal_undeliverable_at     date;
alter table customer add column postal_undeliverable_reason text;
alter table customer add column postal_undeliverable_hash   text;

-- Email bounces read from the bounce mailbox (DSN, RFC 3464): hard ones suppress the address, soft ones are counted.
-- The address is kept hashed (SHA-256 of the lower-cased address, as in suppression), never in clear.
create table email_bounce (
    id             bigserial primary key,
    dsn_message_id text not null,               -- Message-ID of the DSN: a DSN read twice is recorded once
    address_hash   text not null,
    customer_id    bigint references customer (id),
    kind           text not null,               -- hard | soft
    status         text not null,               -- the DSN Status, e.g. 5.1.1
    action         text,                        -- failed | delayed
    diagnostic     text,                        -- Diagnostic-Code, truncated
    reporting_mta  text,
    arrived_at     timestamptz,
    run_id         bigint not null references feed_run (id),
    received_at    timestamptz not null default now(),
    unique (dsn_message_id, address_hash)
);
create index email_bounce_address_idx on email_bounce (address_hash, kind);
