-- run_counts: where every input row of the run ended (SPEC §2). Render-log
-- rows are priced, rejected or duplicates; ledger rows are taken or
-- rejected. $1 run_id.
SELECT
    (SELECT count(*) FROM usage_rows
     WHERE batch_id IN (SELECT batch_id FROM usage_batches WHERE run_id = $1 AND entry = 'usage')) AS priced,
    (SELECT count(*) FROM rejects WHERE run_id = $1 AND input = 'render_log') AS rejected,
    (SELECT count(*) FROM ledger WHERE run_id = $1) AS ledger_taken,
    (SELECT count(*) FROM rejects WHERE run_id = $1 AND input = 'ledger') AS ledger_rejected,
    (SELECT count(*) FROM rc_malformed m JOIN rc_files f USING (file_id) WHERE f.input = 'render_log') AS log_malformed,
    (SELECT count(*) FROM rc_malformed m JOIN rc_files f USING (file_id) WHERE f.input = 'ledger') AS ledger_malformed,
    (SELECT count(*) FROM usage_rows
     WHERE is_late AND batch_id IN (SELECT batch_id FROM usage_batches WHERE run_id = $1 AND entry = 'usage')) AS late
