-- insert_rejects: every row of the run that breaks a rule, malformed CSV
-- rows included. $1 run_id.
INSERT INTO rejects
SELECT f.path, r.row_number, r.event_id, r.reason, r.message, r.raw, $1
FROM (
    SELECT file_id, row_number, event_id, reason, message, raw FROM rc_input WHERE reason IS NOT NULL
    UNION ALL
    SELECT file_id, row_number, NULL, reason, message, raw FROM rc_malformed
) r
JOIN rc_files f ON f.file_id = r.file_id
