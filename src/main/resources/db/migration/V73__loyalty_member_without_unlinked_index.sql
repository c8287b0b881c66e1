-- Reconciliation sets each loyalty member's customer. loyalty_member_unlinked_idx (V1: run_id where customer_id is
-- null) was never read by any query, yet every one of those updates had to take the member out of it and write a new
-- index entry: measured at 200,000 members, it cost the update a third of its time. Unreconciled members of a run are
-- read by (run_id, line_no), which stays.
drop index loyalty_member_unlinked_idx;
