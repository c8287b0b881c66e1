-- Social networks and weather: pulled sources with a watermark each.

-- Where an incremental source stopped, and when it may call again (rate limits).
create table source_watermark (
    source          text primary key,              -- e.g. graph:17841400000:mentions, x:2244994945
    watermark       text,                          -- newest id or timestamp fully read
    next_allowed_at timestamptz,                   -- rate limited until
    updated_at      timestamptz not null default now()
);

-- Comments, mentions and likes from the social networks; linked to a customer when the handle is known.
create table social_engagement (
    platform      text not null,                   -- graph | x
    item_id       text not null,
    kind          text not null,                   -- comment | mention | like
    object_id     text,
    author_id     text,
    author_handle text,
    text          text,
    like_count    bigint not null default 0,
    created_at    timestamptz,
    customer_id   bigint references customer (id),
    run_id        bigint references feed_run (id),
    received_at   timestamptz not null default now(),
    primary key (platform, item_id)
);
create index social_engagement_customer_idx on social_engagement (customer_id) where customer_id is not null;

-- Daily forecasts for the places customers live near (Open-Meteo style).
create table weather_forecast (
    place           text not null,
    forecast_date   date not null,
    latitude        numeric(8, 5) not null,
    longitude       numeric(8, 5) not null,
    temperature_max numeric(5, 2),                 -- null when the provider has no value
    precipitation   numeric(6, 2),
    fetched_at      timestamptz not null default now(),
    primary key (place, forecast_date)
);
