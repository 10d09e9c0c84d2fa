-- insert_malformed: the CSV rows that were not CSV, render log or ledger,
-- as rejects. $1 run_id.
INSERT INTO rejects (source_file, row_number, event_id, reason, message, raw, run_id, input)
SELECT f.path, m.row_number, NULL, m.reason, m.message, m.raw, $1, f.input
FROM rc_malformed m
JOIN rc_files f ON f.file_id = m.file_id
