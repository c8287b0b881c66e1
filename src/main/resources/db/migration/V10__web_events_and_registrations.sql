-- Web and app events (Kafka hub.web.events) and web registrations (POST /api/ingest/registrations -> Kafka
-- hub.web.registrations). Streams have no files: their feed runs are time windows (see stream_run_window).

-- One feed run per stream and time window (an hour by default): every message consumed in the window is counted in
-- that run (read = accepted + rejected + duplicate), in the same transaction that stores it.
create table stream_run_window (
    feed_id      text not null references feed (id),
    window_start timestamptz not null,
    run_id       bigint not null references feed_run (id),
    primary key (feed_id, window_start)
);

-- Behaviour on the web site and the app; a redelivered event (same event_id) is stored once.
create table web_event (
    event_id         text primary key,
    type             text not null,             -- page_view | product_view | add_to_cart | purchase | newsletter_open | newsletter_click | unsubscribe
    occurred_at      timestamptz not null,
    cookie_id        text,
    customer_key     text,                      -- a loyalty card number, as sent
    email            text,                      -- normalised (trimmed, lower case), as sent
    sku              text,
    category         text,
    price            numeric(12, 2),
    customer_id      bigint references customer (id),
    resolved_by      text,                      -- card | email | cookie: the identity that found the customer
    source_partition integer,
    source_offset    bigint,
    run_id           bigint not null references feed_run (id),
    received_at      timestamptz not null default now()
);
create index web_event_anonymous_cookie_idx on web_event (cookie_id) where customer_id is null and cookie_id is not null;
create index web_event_customer_idx on web_event (customer_id, occurred_at);

-- Registrations and forms submitted on the web site, as submitted (validated at the boundary, cleaned at
-- reconciliation). One row per submission id.
create table web_registration (
    submission_id  text primary key,
    submitted_at   timestamptz not null,
    client_ip      text not null,               -- the submitter, X-Forwarded-For aware
    peer_ip        text not null,               -- the address that connected to the hub (a proxy, or the submitter)
    cookie_id      text,
    card_number    text,
    civility       text,
    first_name     text,
    last_name      text,
    contact        text,
    birth_date     text,
    email          text,
    phone          text,
    mobile         text,
    address_line1  text,
    address_line2  text,
    address_line3  text,
    address_line4  text,
    postcode       text,
    city           text,
    country        text,
    optin_email    text,
    optin_sms      text,
    optin_postal   text,
    run_id         bigint not null references feed_run (id),
    received_at    timestamptz not null default now(),
    customer_id    bigint references customer (id),
    reconciled_at  timestamptz
);
create index web_registration_pending_idx on web_registration (submitted_at) where reconciled_at is null;
