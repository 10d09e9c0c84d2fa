-- report_rejects: the Rejects sheet of a run. $1 run_id.
SELECT source_file, row_number, event_id, reason, message, raw
FROM rejects
WHERE run_id = $1
ORDER BY source_file, row_number
