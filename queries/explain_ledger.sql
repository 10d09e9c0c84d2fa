-- explain_ledger: an event's ledger rows as the reconciliation counts them
-- (the ledger_charges view): how many, how many of them charging, and their
-- sums; zeros when it has none. $1 event_id.
SELECT coalesce(any_value(ledger_rows), 0), coalesce(any_value(positive_rows), 0),
       coalesce(any_value(credits), 0)::DECIMAL(38, 2), coalesce(any_value(video_minutes), 0)::BIGINT
FROM ledger_charges WHERE event_id = $1
