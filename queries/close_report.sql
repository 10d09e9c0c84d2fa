-- name: close_of
-- A close and the run that made it, for writing its reports again (job.
-- CloseReports): the run's facts from runs, its ledger rows taken and
-- rejected, and the snapshot's totals in report_totals' order. $1 the
-- close's id.
SELECT s.period, r.started_at, r.finished_at, r.pricebook_source, r.pricebook_hash, r.charge_source,
       r.tolerance, r.rel_tolerance, r.rows_read, r.priced, r.rejected, r.duplicates, r.late, r.ledger_rows,
       (SELECT count(*) FROM ledger WHERE run_id = s.close_id),
       (SELECT count(*) FROM rejects WHERE run_id = s.close_id AND input = 'ledger'),
       to_json(r.inputs)::VARCHAR, to_json(r.ledgers)::VARCHAR,
       s.expected_credits, s.charged_credits, s.expected_minutes, s.charged_minutes, s.versions, s.events,
       s.to_refund, s.to_rebill, s.refund_within, s.rebill_within, s.orphan_credits, s.orphan_minutes,
       s.duplicate_credits, s.duplicate_minutes, s.leakage, s.discrepancies, s.events_with_findings,
       s.orphans_resolved, s.orphans_resolved_credits, s.figures_sha256
FROM close_snapshots s
JOIN runs r ON r.run_id = s.close_id
WHERE s.close_id = $1

-- name: close_categories_of
SELECT category, count, credits, minutes FROM close_categories WHERE close_id = $1
ORDER BY CASE category WHEN 'overcharged' THEN 1 WHEN 'undercharged' THEN 2 WHEN 'uncharged' THEN 3
         WHEN 'minutes_mismatch' THEN 4 WHEN 'duplicate_event' THEN 5 WHEN 'orphan_charge' THEN 6
         WHEN 'duplicate_charge' THEN 7 ELSE 8 END

-- name: close_accounts_of
SELECT * EXCLUDE (close_id) FROM close_accounts WHERE close_id = $1 ORDER BY account_id

-- name: close_days_of
SELECT * EXCLUDE (close_id) FROM close_days WHERE close_id = $1 ORDER BY day

-- name: close_sources_of
SELECT charge_source, events, credits FROM close_sources WHERE close_id = $1
ORDER BY CASE charge_source WHEN 'ledger' THEN 1 WHEN 'inline' THEN 2 ELSE 3 END

-- name: close_late_of
SELECT * EXCLUDE (close_id) FROM close_late WHERE close_id = $1 ORDER BY created_at, event_id

-- name: close_bridge_of
SELECT from_close_id, line, events, expected_credits, charged_credits, net_credits, expected_minutes, charged_minutes
FROM close_bridge WHERE close_id = $1 ORDER BY line_no

-- name: insert_close_bridge
-- A line of a re-close's bridge (job.runner.bridge). $1 the close's id, $2
-- the close before it, $3 the line's place, then the line's columns.
INSERT INTO close_bridge VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
