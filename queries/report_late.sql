-- report_late: events this run read that belong to a period an earlier run
-- closed, with the charge their reconciliation used (priced_usage's rule)
-- and their discrepancy categories. $1 run_id.
SELECT u.event_id, u.account_id, u.created_at, strftime(u.created_at, '%Y-%m'),
       u.expected_credits, u.charged_credits, u.diff_credits, u.charge_source, u.charged_video_minutes,
       coalesce((SELECT string_agg(category, ', ' ORDER BY category) FROM discrepancies d
                 WHERE d.run_id = $1 AND d.event_id = u.event_id AND d.category <> 'duplicate_event'), ''),
       u.source_file, u.row_number
FROM priced_usage u
WHERE u.run_id = $1 AND u.entry = 'usage' AND u.is_late
ORDER BY u.created_at, u.event_id
