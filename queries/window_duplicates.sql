-- window_duplicates: a window's report also lists the duplicate rows that
-- earlier runs recorded for events created in it, once each. $1 run_id, $2
-- from, $3 to, $4 whether charges come from the ledger (the duplicate's
-- inline charge is then not a charge).
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
SELECT DISTINCT ON (source_file, row_number)
       event_id, account_id, category, 0,
       CASE WHEN $4 THEN NULL ELSE charged_credits END,
       CASE WHEN $4 THEN 0 ELSE diff_credits END,
       0, CASE WHEN $4 THEN NULL ELSE charged_video_minutes END,
       detail || ' (recorded by run ' || run_id || ')', $1, created_at, source_file, row_number, conflicting
FROM discrepancies
WHERE category = 'duplicate_event' AND run_id <> $1
  AND created_at >= $2 AND created_at < $3
ORDER BY source_file, row_number, run_id
