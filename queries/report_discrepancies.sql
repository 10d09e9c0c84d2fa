-- report_discrepancies: the Discrepancies sheet of a run. $1 run_id.
SELECT event_id, account_id, created_at, category, expected_credits, charged_credits,
       diff_credits, expected_video_minutes, charged_video_minutes, detail, source_file, row_number
FROM discrepancies
WHERE run_id = $1
ORDER BY account_id, created_at, event_id, category
