-- Know and score: ticket facts kept up to date incrementally, scoring runs as snapshots of per-customer scores,
-- the latest scores for audiences, and campaign control groups.

-- One row per ticket of a known customer: the grain of recency, frequency, monetary value and the traits. Derived
-- from pos_ticket_line; a scoring run rebuilds the customers whose lines changed (or everything, see fact_refresh).
-- Unlogged: derived data, rebuilt rather than written to the WAL; after a crash PostgreSQL empties it, together with
-- scoring_fact_run, and the next run rebuilds everything.
create unlogged table customer_ticket (
    customer_id      bigint not null,
    store_id         text not null,
    ticket_id        text not null,
    ticket_ts        timestamp not null,
    channel          text not null,                 -- store | web
    revenue          numeric(14, 2) not null,       -- sum(quantity * unit_price - discount)
    line_count       integer not null,
    discounted_lines integer not null               -- lines with a discount > 0
);
create index customer_ticket_customer_idx on customer_ticket (customer_id);

-- Feed runs whose lines customer_ticket includes (a reconciled run not listed here has changes to fold in).
create unlogged table scoring_fact_run (
    feed_run_id bigint primary key references feed_run (id),
    folded_at   timestamptz not null default now()
);

-- Finding the lines of a feed run (incremental scoring; also the reconciliation's per-run link of tickets to cards).
create index pos_ticket_line_run_idx on pos_ticket_line (run_id);

-- Each scoring run is a snapshot: its settings, fitted models and figures here, its scores in customer_score.
create table scoring_run (
    id                   bigserial primary key,
    status               text not null,              -- RUNNING | SUCCEEDED | FAILED
    trigger              text not null,              -- schedule | api | benchmark
    as_of                timestamp not null,         -- the scores describe customers at this instant (local time, like ticket_ts)
    window_days          integer not null,           -- RFM window: frequency and monetary count [as_of - window, as_of)
    fact_refresh         text,                       -- FULL | INCREMENTAL
    refreshed_customers  bigint,                     -- customers whose facts were rebuilt by this run
    started_at           timestamptz not null default now(),
    ended_at             timestamptz,
    customer_count       bigint,
    segment_counts       jsonb,
    top_revenue_share    numeric(6, 4),              -- share of window revenue from the top customers (top_share of them)
    settings             jsonb,                      -- thresholds in force
    model                jsonb,                      -- fitted BG/NBD and Gamma-Gamma parameters and log-likelihoods
    step_ms              jsonb,                      -- duration of each step
    scores_purged        boolean not null default false, -- older snapshots lose their scores (hub.scoring.keep-runs)
    instance_id          text,
    error                text
);
create index scoring_run_current_idx on scoring_run (as_of desc, id desc) where status = 'SUCCEEDED';

-- Per-customer scores of a run. No foreign key to customer: erasing a customer deletes its rows here too.
create table customer_score (
    run_id                 bigint not null references scoring_run (id) on delete cascade,
    customer_id            bigint not null,
    recency_days           integer not null,         -- whole days from the last purchase to as_of
    frequency              integer not null,         -- distinct tickets in the window
    monetary               numeric(14, 2) not null,  -- revenue in the window
    rfm_r                  smallint not null,        -- 1..buckets (ntile, ties share the lowest), 0 = no purchase in the window
    rfm_f                  smallint not null,
    rfm_m                  smallint not null,
    segment                text not null,            -- new | best | loyal | occasional | reactivated | at_risk | inactive
    first_purchase_at      timestamp not null,
    last_purchase_at       timestamp not null,
    purchase_days          integer not null,         -- distinct purchase days up to as_of (BG/NBD x = purchase_days - 1)
    expected_purchases_12m double precision not null, -- BG/NBD: purchase days expected in the next 365 days
    p_alive                double precision not null, -- BG/NBD: probability the customer is still active
    churn_probability      double precision not null, -- BG/NBD: probability of no purchase in the next 365 days
    expected_order_value   numeric(14, 2) not null,  -- Gamma-Gamma: expected revenue per purchase day
    clv_12m                numeric(14, 2) not null,  -- expected_purchases_12m * expected_order_value
    promo_share            numeric(5, 4) not null,   -- share of ticket lines with a discount, all history
    price_profile          text not null,            -- promo_driven | full_price | mixed
    top_categories         text[] not null,          -- categories by revenue, best first
    preferred_store_id     text,                     -- store with the most in-store tickets
    preferred_channel      text not null,            -- store | web | mixed (bought both ways)
    top_customer           boolean not null,         -- among the top_share of customers by window revenue
    primary key (run_id, customer_id)
);

-- The scores audiences and the customer API see: those of the latest successful run (latest as_of).
create view customer_score_current as
select s.*
from customer_score s
where s.run_id = (select id from scoring_run where status = 'SUCCEEDED' order by as_of desc, id desc limit 1);

-- Control groups: who was held out of (or exposed to) each campaign, drawn by ControlGroup, so uplift is measurable.
create table campaign_control (
    campaign_id   text not null,                    -- audience id
    customer_id   bigint not null,
    held_out      boolean not null,                 -- true: control group, not contacted
    draw          double precision not null,        -- uniform in [0, 1) from SHA-256(campaign:customer)
    share         numeric(5, 4) not null,           -- control share in force at assignment
    activation_id bigint references activation (id),
    assigned_at   timestamptz not null default now(),
    primary key (campaign_id, customer_id)
);
