-- name: last_run
-- The last run, to tell whether a run would only repeat it.
SELECT run_id, window_from, window_to, tolerance, rel_tolerance,
       pricebook_hash, coalesce(reports_dir, ''), coalesce(shard, '')
FROM runs ORDER BY seq DESC LIMIT 1

-- name: mark_committed
-- The run's staging folder is known from now on: if the process dies after
-- the commit, the next run moves the reports into place.
UPDATE runs SET status = 'committed', reports_dir = ?, staging_dir = ? WHERE run_id = ?

-- name: mark_succeeded
UPDATE runs SET status = 'succeeded', staging_dir = NULL, seconds = ? WHERE run_id = ?

-- name: committed_runs
-- Runs that committed but whose reports were not all moved into place.
SELECT run_id, reports_dir, staging_dir FROM runs WHERE status = 'committed' ORDER BY seq

-- name: set_shard
UPDATE runs SET shard = ? WHERE run_id = ?

-- name: insert_period
INSERT INTO periods VALUES (?, ?, ?) ON CONFLICT DO NOTHING

-- name: insert_input_file
INSERT INTO input_files VALUES (?, ?, ?, ?, ?, ?, ?)

-- name: input_files_read
SELECT path, sha256, run_id FROM input_files WHERE input = ? ORDER BY ingested_at
