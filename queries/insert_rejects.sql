-- insert_rejects: every row of the run that breaks a rule. Run only when
-- the scan counted some. $1 run_id.
INSERT INTO rejects (source_file, row_number, event_id, reason, message, raw, run_id)
SELECT f.path, r.row_number, r.event_id, r.reason, r.message, r.raw, $1
FROM rc_input r
JOIN rc_files f ON f.file_id = r.file_id
WHERE r.reason IS NOT NULL
