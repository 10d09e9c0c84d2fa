-- insert_ledger: the run's ledger rows. A row that breaks a rule is a
-- reject; so is a txn_id read before (earlier run, then file order, then
-- row): the first is the transaction. $1 run_id.
INSERT INTO rejects (source_file, row_number, event_id, reason, message, raw, run_id, input)
SELECT f.path, l.row_number, l.event_id, l.reason, l.message, l.raw, $1, 'ledger'
FROM rc_ledger_input l JOIN rc_files f USING (file_id)
WHERE l.reason IS NOT NULL
;
CREATE OR REPLACE TEMP TABLE rc_ledger_ok AS
SELECT file_id, row_number, txn_id, event_id, account_id, charged_at, credits, video_minutes,
       row_number() OVER (PARTITION BY txn_id ORDER BY file_id, row_number) AS occurrence
FROM rc_ledger_input
WHERE reason IS NULL
;
INSERT INTO rejects (source_file, row_number, event_id, reason, message, raw, run_id, input)
SELECT f.path, o.row_number, o.event_id, 'duplicate_txn',
       'txn_id ' || rc_q(o.txn_id) || ' was read before, from ' || coalesce(p.source_file || ' row ' || p.row_number, 'this run'),
       concat_ws(',', rc_csv_field(o.txn_id), rc_csv_field(o.event_id), rc_csv_field(o.account_id),
                 strftime(o.charged_at, '%Y-%m-%dT%H:%M:%S.%fZ'), o.credits::VARCHAR, o.video_minutes::VARCHAR),
       $1, 'ledger'
FROM rc_ledger_ok o
JOIN rc_files f USING (file_id)
LEFT JOIN ledger p ON p.txn_id = o.txn_id
WHERE o.occurrence > 1 OR p.txn_id IS NOT NULL
;
INSERT INTO ledger (txn_id, event_id, account_id, charged_at, credits, video_minutes, source_file, row_number, run_id)
SELECT o.txn_id, o.event_id, o.account_id, o.charged_at, o.credits, o.video_minutes, f.path, o.row_number, $1
FROM rc_ledger_ok o JOIN rc_files f USING (file_id)
WHERE o.occurrence = 1 AND o.txn_id NOT IN (SELECT txn_id FROM ledger)
