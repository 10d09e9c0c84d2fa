-- name: scan_outcome
-- What the scan found: rows that fail validation, repeated ids, whether
-- earlier runs priced anything (then ids must be checked against them),
-- and the rows read.
SELECT
    (SELECT coalesce(sum(n), 0) FROM rc_scan WHERE grouping_set = 'key' AND NOT ok),
    (SELECT count(*) FROM rc_dup_ids),
    (SELECT count(*) FROM (SELECT 1 FROM usage_rows LIMIT 1)),
    (SELECT coalesce(sum(n), 0) FROM rc_scan WHERE grouping_set = 'file')

-- name: dup_skip
SELECT count(*) FROM rc_dup_skip

-- name: id_shared
-- Rows insert_priced set apart only for their id's rc_id_hash (dup_rows).
SELECT count(*) FROM rc_id_shared

-- name: price_key_counts
SELECT count(*), count(DISTINCT price_key) FROM rc_keys

-- name: price_keys
SELECT version_idx, kind, media, model, actor, is_ad, duration_key, images, price_key FROM rc_keys

-- name: any_ledger
SELECT count(*) FROM (SELECT 1 FROM ledger LIMIT 1)

-- name: any_correction
SELECT count(*) FROM (SELECT 1 FROM usage_batches WHERE entry = 'correction' LIMIT 1)

-- name: earlier_orphans
-- Orphans found by earlier runs, which this run's events may resolve.
SELECT count(*) FROM (SELECT 1 FROM discrepancies WHERE category = 'orphan_charge' AND run_id <> ? LIMIT 1)

-- name: findings_count
SELECT count(*) FROM rc_findings

-- name: other_shard_rows
SELECT count(*) FROM rc_other_shards_render_log

-- name: other_shard_ledger_rows
SELECT count(*) FROM rc_other_shards_ledger

-- name: malformed_rows_per_file
SELECT file_id, count(*) FROM rc_malformed GROUP BY file_id

-- name: input_rows_per_file
SELECT file_id, count(*) FROM rc_input GROUP BY file_id

-- name: all_shards_input_rows_per_file
-- With --shard, the view before the shard filter.
SELECT file_id, count(*) FROM rc_input_all GROUP BY file_id

-- name: ledger_rows_per_file
SELECT file_id, count(*) FROM rc_ledger_input GROUP BY file_id

-- name: all_shards_ledger_rows_per_file
SELECT file_id, count(*) FROM rc_ledger_input_all GROUP BY file_id

-- name: close_hash
-- The figures hash of a close snapshot. $1 its id.
SELECT figures_sha256 FROM close_snapshots WHERE close_id = $1

-- name: current_close
-- The current close of a month: its latest by run order. $1 YYYY-MM.
SELECT s.close_id FROM close_snapshots s JOIN runs r ON r.run_id = s.close_id
WHERE s.period = $1 ORDER BY r.seq DESC LIMIT 1
