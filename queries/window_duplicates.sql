-- window_duplicates: a window's report also lists the duplicate rows that
-- earlier runs recorded for events created in it, once each. $1 run_id, $2
-- from, $3 to. A duplicate whose event the ledger covers now (it has
-- ledger rows, or the ledger covers its month) carries no charge, as
-- insert_duplicates decides.
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
SELECT DISTINCT ON (source_file, row_number)
       event_id, account_id, category, 0,
       CASE WHEN covered THEN NULL ELSE charged_credits END,
       CASE WHEN covered THEN 0 ELSE diff_credits END,
       0, CASE WHEN covered THEN NULL ELSE charged_video_minutes END,
       detail || ' (recorded by run ' || run_id || ')', $1, created_at, source_file, row_number, conflicting
FROM (
    SELECT d.*,
           d.event_id IN (SELECT event_id FROM ledger)
               OR date_trunc('month', u.created_at) IN (SELECT month FROM ledger_months) AS covered
    FROM discrepancies d
    LEFT JOIN usage_entries u ON u.event_id = d.event_id AND u.entry = 'usage'
) d
WHERE category = 'duplicate_event' AND run_id <> $1
  AND created_at >= $2 AND created_at < $3
ORDER BY source_file, row_number, run_id
