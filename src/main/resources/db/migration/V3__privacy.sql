-- Privacy: audit log, erasure tombstones, preferences.

-- Every privacy action: who, what, when, on whom (by customer id, or a hash when the person is erased).
create table audit_event (
    id         bigserial primary key,
    at         timestamptz not null default now(),
    actor      text not null,
    action     text not null,                  -- erasure | export | retention-purge | suppression-upload
    subject    text,                            -- customer id before erasure, or a hash
    details    jsonb not null default '{}'
);
create index audit_event_at_idx on audit_event (at desc);

-- What remains of an erased person: hashes of their identifiers, so that a later import of the same email, mobile
-- or card is recognised and never made marketable again.
create table erasure_tombstone (
    identifier_hash text primary key,           -- SHA-256 of 'email:...', 'phone:...', 'card:...'
    erased_at       timestamptz not null default now(),
    reason          text not null               -- request | retention
);

-- Preferred channel and maximum contact frequency, used by activation.
create table contact_preference (
    customer_id       bigint primary key references customer (id) on delete cascade,
    preferred_channel text,                     -- email | sms | postal | phone | ads
    max_per_month     integer check (max_per_month is null or max_per_month >= 0),
    updated_at        timestamptz not null default now(),
    source            text not null
);

-- The activation log outlives the people in it: a push keeps its outcome but not its customer once erased.
alter table push alter column customer_id drop not null;
