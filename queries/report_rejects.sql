-- report_rejects: the Rejects sheet: every rejected row of the run, render
-- log and ledger. $1 run_id.
SELECT source_file, row_number, event_id, reason, message, raw
FROM rejects
WHERE run_id = $1
ORDER BY input DESC, source_file, row_number
