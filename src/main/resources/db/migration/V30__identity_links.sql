-- Identity resolution wired into reconciliation (issue #4): every source record a customer is made of, why it joined
-- them, and what probabilistic matching needs to find them again without loading the whole base.

-- People sharing a home (same street, number and postcode, other first name): the id of the household's first
-- customer; null for a customer nobody shares a home with.
alter table customer add column household_id bigint;
create index customer_household_idx on customer (household_id) where household_id is not null;

-- One row per source record (a loyalty card's member record, a web registration) and the customer it belongs to.
create table identity_link (
    id            bigserial primary key,
    customer_id   bigint not null references customer (id),
    source        text not null,               -- loyalty, registration
    source_key    text not null,               -- card number, submission id
    rule          text not null,               -- new customer, same card, same email, same mobile, probabilistic, unmerged
    weight        double precision,            -- Fellegi-Sunter weight (bits), probabilistic links
    score         double precision,            -- posterior probability of one person, probabilistic links
    fields        jsonb,                       -- per field: agreement level and weight
    record        jsonb not null,              -- the cleaned source record: golden records are derived from these
    received_at   timestamptz not null,
    linked_at     timestamptz not null default now(),
    unmerged_from bigint,                      -- the customer it was detached from, after an unmerge
    unmerged_at   timestamptz,
    unique (source, source_key)
);
create index identity_link_customer_idx on identity_link (customer_id);

-- Blocking keys (phonetic surname with postcode, street with number and postcode...) of each customer's source
-- records: an incoming record is compared with the customers sharing one of its keys only.
create table customer_match_key (
    match_key   text not null,
    customer_id bigint not null references customer (id),
    primary key (match_key, customer_id)
);
create index customer_match_key_customer_idx on customer_match_key (customer_id);

-- Reconciliation reads a loyalty file's members page by page, in line order.
create index loyalty_member_run_line_idx on loyalty_member (run_id, line_no);
