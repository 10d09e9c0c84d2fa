-- report_discrepancies: the Discrepancies sheet.
SELECT event_id, account_id, created_at, category, expected_credits, charged_credits,
       diff_credits, expected_video_minutes, charged_video_minutes, detail, source_file, row_number
FROM rc_findings
ORDER BY account_id, created_at NULLS LAST, event_id, category
