-- Channels (SMS, postal) and marketing pressure: a push keeps the message it queued (held SMS are released from it,
-- failed pushes replayed from it; cleared when the customer is erased), a push may be HELD until its channel's
-- legal window opens, and a push that failed for good is kept as a dead letter until replayed.
alter table push add column payload text;
alter table push add column held_until timestamptz;
alter table push add column dead_lettered_at timestamptz;
alter table push add column replayed_at timestamptz;
create index push_held_idx on push (held_until) where status = 'HELD';
create index push_customer_recent_idx on push (customer_id, queued_at);
create index push_dead_letter_idx on push (activation_id) where dead_lettered_at is not null;
