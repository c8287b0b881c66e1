-- Data quality per feed run: how many values each cleaning rule fixed, flagged or rejected, per field.
create table data_quality_count (
    run_id  bigint not null references feed_run (id) on delete cascade,
    field   text not null,                     -- email, mobile, phone, address, first_name, birth_date...
    outcome text not null,                     -- corrected | flagged | rejected
    code    text not null,                     -- the rule: EMAIL_DOMAIN_TYPO, POSTCODE_CORRECTED, NOT_A_MOBILE...
    count   bigint not null,
    primary key (run_id, field, outcome, code)
);
