-- report_findings: the discrepancies a run's report shows: the run's own,
-- within its window when it has one (an orphan has no created_at and
-- always shows). $1 run_id, $2 from, $3 to.
CREATE OR REPLACE TEMP TABLE rc_findings AS
SELECT * FROM discrepancies
WHERE run_id = $1
  AND ($2 IS NULL OR created_at IS NULL OR (created_at >= $2 AND created_at < $3))
;
-- rc_totals: the report's events summed by account, UTC day, price-book
-- version and charge source: rc_pass's in_report groups, summed in the
-- findings' pass over the scope. The Summary, Daily and Accounts read it,
-- not the scope.
CREATE OR REPLACE TEMP TABLE rc_totals AS
SELECT * EXCLUDE (in_report, flagged) FROM rc_pass WHERE in_report
