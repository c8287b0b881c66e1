-- SMS returns: delivery status callbacks and inbound replies (STOP), as the SMS gateway reports them.
create table sms_status (
    message_sid  text not null,
    status       text not null,                 -- queued | sent | delivered | undelivered | failed
    error_code   text,
    to_hash      text not null,                 -- SHA-256 of the E.164 number
    received_at  timestamptz not null default now(),
    primary key (message_sid, status)
);

create table sms_reply (
    id          bigserial primary key,
    from_hash   text not null,                  -- SHA-256 of the E.164 number
    keyword     text,                           -- STOP, ARRET... when the reply is an opt-out, else null
    received_at timestamptz not null default now()
);
