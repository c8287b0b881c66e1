-- Ad platforms (issue 7): audiences pushed as customer lists to Meta-style custom audiences and Google-style
-- Customer Match, by delta. Only hashed identifiers are kept (Google's region and postal code are sent unhashed).

-- The partner's list for an audience on a platform, and the lease that keeps two syncs of it from overlapping.
create table ad_audience (
    audience_id        text not null,
    platform           text not null,               -- meta | google
    partner_list_id    text,                        -- Meta custom audience id / Google product destination id
    lease_until        timestamptz,
    last_sync_status   text,                        -- COMPLETED | FAILED
    last_sync_at       timestamptz,
    primary key (audience_id, platform)
);

-- The member set the partner acknowledged: a customer is here only once the batch that carried them was accepted.
-- Keyed by customer without a foreign key (bulk speed); erasure deletes a customer's rows and queues their removal.
create table ad_audience_member (
    audience_id  text not null,
    platform     text not null,
    customer_id  bigint not null,
    fingerprint  bigint not null,                   -- of row_values: a changed member is pushed again
    row_values   text not null,                     -- the hashed values as pushed, '|'-separated in the platform's schema order
    pushed_at    timestamptz not null default now(),
    primary key (audience_id, platform, customer_id)
);
create index ad_audience_member_customer_idx on ad_audience_member (customer_id);

-- Every request of a sync: one batch of additions or removals, its attempts and the partner's answer.
create table ad_audience_batch (
    id             bigserial primary key,
    activation_id  bigint not null references activation (id),
    audience_id    text not null,
    platform       text not null,
    seq            integer not null,
    operation      text not null,                   -- ADD | REMOVE
    row_count      integer not null,
    status         text not null,                   -- ACKNOWLEDGED | FAILED
    attempts       integer not null,
    received_count integer,                         -- as the partner counted them
    invalid_count  integer,
    partner_ref    text,                            -- Meta session id / Google request id
    error          text,
    sent_at        timestamptz not null default now()
);
create index ad_audience_batch_activation_idx on ad_audience_batch (activation_id, seq);

-- Removals owed to a platform for erased customers: pushed right after the erasure, retried until acknowledged,
-- then deleted.
create table ad_audience_removal (
    id           bigserial primary key,
    audience_id  text not null,
    platform     text not null,
    row_values   text not null,
    erasure_ref  text not null,                     -- the erasure's subject hash
    created_at   timestamptz not null default now(),
    attempts     integer not null default 0,
    last_error   text
);
