-- report_resolved: the report's events whose ledger rows an earlier run
-- listed as orphan_charge (the ledger row came first; its event arrived
-- since, and is now reconciled against it), and what they were charged.
-- $1 run_id.
SELECT count(*), coalesce(sum(charged_credits), 0)::DECIMAL(38, 2)
FROM rc_scope
WHERE in_report
  AND event_id IN (SELECT event_id FROM discrepancies WHERE category = 'orphan_charge' AND run_id <> $1)
