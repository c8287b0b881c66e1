-- Activation Hub: foundation schema. Flyway owns it; never edit a released migration, add a new one.

-- Feeds and their runs: every ingestion run is recorded with its counts (read = accepted + rejected + duplicate).
create table feed (
    id          text primary key,
    kind        text not null,                 -- pos | loyalty | web-events | social | returns | weather
    description text,
    created_at  timestamptz not null default now()
);

create table feed_run (
    id               bigserial primary key,
    feed_id          text not null references feed (id),
    source_name      text,                     -- file name or poll cursor, never a full personal-data payload
    content_sha256   text,
    status           text not null,            -- RUNNING | SUCCEEDED | FAILED | DUPLICATE_FILE
    started_at       timestamptz not null default now(),
    ended_at         timestamptz,
    read_count       bigint not null default 0,
    accepted_count   bigint not null default 0,
    rejected_count   bigint not null default 0,
    duplicate_count  bigint not null default 0,
    error            text,
    quarantine_file  text,
    duplicate_of_run bigint references feed_run (id),
    instance_id      text,                     -- the hub instance that ran it
    reconciled_at    timestamptz
);
create index feed_run_feed_idx on feed_run (feed_id, id desc);
create index feed_run_unreconciled_idx on feed_run (id) where reconciled_at is null and status = 'SUCCEEDED';

-- A file is ingested once: its content hash is claimed in the same transaction that stores its rows.
create table file_claim (
    content_sha256 text primary key,
    feed_id        text not null references feed (id),
    source_name    text not null,
    run_id         bigint not null references feed_run (id),
    claimed_at     timestamptz not null default now()
);

-- Rejected rows, without their content (the quarantine file keeps the raw line for the integration team).
create table rejected_row (
    run_id  bigint not null references feed_run (id) on delete cascade,
    line_no bigint not null,
    reason  text not null,
    primary key (run_id, line_no)
);

-- Customers: the golden record.
create table customer (
    id             bigserial primary key,
    civility       text,
    first_name     text,
    last_name      text,
    email          text,
    mobile         text,                       -- E.164, mobiles only
    phone          text,                       -- E.164 landline
    birth_date     date,
    address_line2  text,
    address_line3  text,
    address_line4  text,
    address_line5  text,
    postcode       text,
    city           text,
    country        text,
    home_store_id  text,
    enrolled_at    timestamptz,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create index customer_email_idx on customer (email);
create index customer_mobile_idx on customer (mobile);

-- Every source identity (loyalty card, email, mobile, cookie, social handle...) linked to one customer.
create table customer_identity (
    source      text not null,
    source_key  text not null,
    customer_id bigint not null references customer (id),
    linked_at   timestamptz not null default now(),
    link_rule   text not null,                 -- why this identity joined this customer
    primary key (source, source_key)
);
create index customer_identity_customer_idx on customer_identity (customer_id);

-- Loyalty-programme members as received (latest version per card), before cleaning.
create table loyalty_member (
    card_number   text primary key,
    store_id      text,
    enrolled_at   text,
    civility      text,
    first_name    text,
    last_name     text,
    contact       text,
    birth_date    text,
    email         text,
    phone         text,
    mobile        text,
    address_line1 text,
    address_line2 text,
    address_line3 text,
    address_line4 text,
    postcode      text,
    city          text,
    country       text,
    optin_email   text,
    optin_sms     text,
    optin_postal  text,
    run_id        bigint not null references feed_run (id),
    line_no       bigint not null,
    received_at   timestamptz not null default now(),
    customer_id   bigint references customer (id)
);
create index loyalty_member_unlinked_idx on loyalty_member (run_id) where customer_id is null;

-- Till (POS) ticket lines.
create table pos_ticket_line (
    store_id    text not null,
    ticket_id   text not null,
    line_no     integer not null,
    ticket_ts   timestamp not null,
    card_number text,
    sku         text not null,
    category    text,
    quantity    numeric(12, 3) not null,
    unit_price  numeric(12, 2) not null,
    discount    numeric(12, 2) not null default 0,
    channel     text not null,
    run_id      bigint not null references feed_run (id),
    customer_id bigint references customer (id),
    primary key (store_id, ticket_id, line_no)
);
create index pos_ticket_line_card_idx on pos_ticket_line (card_number) where customer_id is null and card_number is not null;
create index pos_ticket_line_customer_idx on pos_ticket_line (customer_id, ticket_ts);

-- Consent is data: an append-only ledger per customer and channel; the current state is derived.
create table consent_event (
    id           bigserial primary key,
    customer_id  bigint not null references customer (id),
    channel      text not null,                -- email | sms | postal | phone | ads
    status       text not null,                -- granted | denied | withdrawn
    legal_basis  text not null,                -- consent | legitimate_interest | contract
    source       text not null,                -- feed id, form, unsubscribe, sms-stop...
    proof        text not null,                -- file + line, form submission id, request IP...
    effective_at timestamptz not null,
    recorded_at  timestamptz not null default now()
);
create index consent_event_customer_idx on consent_event (customer_id, channel, effective_at desc, id desc);

create view consent_current as
select distinct on (customer_id, channel) customer_id, channel, status, legal_basis, source, proof, effective_at
from consent_event
order by customer_id, channel, effective_at desc, id desc;

-- Addresses that must not be contacted on a channel (hashed: a suppression outlives the customer record).
create table suppression (
    channel      text not null,
    address_hash text not null,                -- SHA-256 of the normalised address
    reason       text not null,                -- unsubscribe | hard-bounce | sms-stop | pnd | do-not-contact | erasure
    source       text not null,
    created_at   timestamptz not null default now(),
    primary key (channel, address_hash)
);

-- Activation: each run of an audience and each push to a customer.
create table activation (
    id            bigserial primary key,
    audience_id   text not null,
    channel       text not null,
    partner       text not null,
    trigger       text not null,               -- schedule | event name | manual
    dry_run       boolean not null default false,
    status        text not null,               -- RUNNING | QUEUED | COMPLETED | FAILED
    started_at    timestamptz not null default now(),
    ended_at      timestamptz,
    member_count  integer not null default 0,
    queued_count  integer not null default 0,
    sent_count    integer not null default 0,
    failed_count  integer not null default 0,
    excluded_count integer not null default 0
);
create index activation_audience_idx on activation (audience_id, id desc);

create table push (
    id            bigserial primary key,
    activation_id bigint not null references activation (id),
    audience_id   text not null,
    customer_id   bigint not null references customer (id),
    channel       text not null,
    partner       text not null,
    status        text not null,               -- QUEUED | SENT | FAILED
    partner_ref   text,
    error         text,
    queued_at     timestamptz not null default now(),
    sent_at       timestamptz,
    attempts      integer not null default 0
);
create index push_activation_idx on push (activation_id);
create index push_audience_customer_idx on push (audience_id, customer_id);

-- What audiences filter on: one row per customer with behaviour derived from tickets.
create view customer_profile as
select c.id                                                   as customer_id,
       c.civility, c.first_name, c.last_name, c.email, c.mobile, c.postcode, c.city, c.country, c.home_store_id,
       c.enrolled_at,
       extract(day from now() - c.enrolled_at)::int            as enrolled_days_ago,
       coalesce(t.ticket_count, 0)                             as ticket_count,
       coalesce(t.total_spend, 0)                              as total_spend,
       t.last_purchase_at,
       extract(day from now() - t.last_purchase_at)::int       as days_since_last_purchase
from customer c
left join (select customer_id,
                  count(distinct (store_id, ticket_id))                       as ticket_count,
                  sum(quantity * unit_price - discount)                        as total_spend,
                  max(ticket_ts)                                               as last_purchase_at
           from pos_ticket_line
           where customer_id is not null
           group by customer_id) t on t.customer_id = c.id;
