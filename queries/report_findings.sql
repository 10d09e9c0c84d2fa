-- report_findings: the discrepancies a run's report shows: the run's own,
-- within its window when it has one (an orphan has no created_at and
-- always shows). $1 run_id, $2 from, $3 to.
CREATE OR REPLACE TEMP TABLE rc_findings AS
SELECT * FROM discrepancies
WHERE run_id = $1
  AND ($2 IS NULL OR created_at IS NULL OR (created_at >= $2 AND created_at < $3))
;
-- rc_totals: the scope summed by account, UTC day, price-book version and
-- charge source, in one pass; the Summary, Daily and Accounts read it, not
-- the scope. refund and rebill split every event's difference by sign
-- (SPEC §6: to_refund − to_rebill = charged − expected); the *_within
-- parts are the differences within tolerance, which are not findings.
CREATE OR REPLACE TEMP TABLE rc_totals AS
SELECT account_id, date_trunc('day', created_at) AS day, pricebook_version, charge_source,
       count(*) AS events,
       sum(expected_credits) AS expected_credits,
       sum(coalesce(charged_credits, 0)) AS charged_credits,
       sum(expected_video_minutes) AS expected_minutes,
       sum(coalesce(charged_video_minutes, 0)) AS charged_minutes,
       sum(greatest(diff, 0)) AS refund,
       sum(greatest(-diff, 0)) AS rebill,
       coalesce(sum(greatest(diff, 0)) FILTER (WHERE credit_category IS NULL), 0) AS refund_within,
       coalesce(sum(greatest(-diff, 0)) FILTER (WHERE credit_category IS NULL), 0) AS rebill_within
FROM rc_scope
WHERE in_report
GROUP BY ALL
