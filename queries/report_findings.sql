-- report_findings: the discrepancies a run's report shows: the run's own,
-- within its window when it has one (an orphan has no created_at and
-- always shows). $1 run_id, $2 from, $3 to.
CREATE OR REPLACE TEMP TABLE rc_findings AS
SELECT * FROM discrepancies
WHERE run_id = $1
  AND ($2 IS NULL OR created_at IS NULL OR (created_at >= $2 AND created_at < $3))
