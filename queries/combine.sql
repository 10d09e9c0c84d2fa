-- name: combine_attach
-- A shard's database, read-only, as rc_shard_K (a template: .Path, .Alias).
ATTACH {{lit .Path}} AS {{.Alias}} (READ_ONLY)

-- name: combine_detach
DETACH {{.Alias}}

-- name: combine_facts
-- What a shard's database says of itself: the shards its runs priced
-- ("none" for a run without --shard), the price books its runs used, its
-- schema version, and its largest batch and price ids (a template: .Alias).
SELECT (SELECT coalesce(string_agg(DISTINCT coalesce(shard, 'none'), ',' ORDER BY coalesce(shard, 'none')), '')
        FROM {{.Alias}}.runs WHERE kind = 'run'),
       (SELECT coalesce(string_agg(DISTINCT pricebook_hash, ',' ORDER BY pricebook_hash), '') FROM {{.Alias}}.runs),
       (SELECT value FROM {{.Alias}}.meta WHERE key = 'schema_version'),
       (SELECT coalesce(max(batch_id), 0) FROM {{.Alias}}.usage_batches),
       (SELECT coalesce(max(price_id), 0) FROM {{.Alias}}.usage_prices)

-- name: combine_copy
-- Every shard's stored rows into the new database (a template: .Shards,
-- each with .Alias, .K its shard index, .Batch and .Price the offsets added
-- to its batch and price ids so that no two shards' ids meet). The runs
-- keep their order within a shard and are interleaved by it (seq, then
-- shard). Findings, closes and patterns are not copied: a combined month
-- is reconciled again. An input file every shard read is one row, with the
-- rows of all shards.
-- rc_shard_seq: each run's place among its own shard's runs (the same
-- night's runs of all shards share it), for combine_duplicates
CREATE OR REPLACE TEMP TABLE rc_shard_seq AS
{{- range $i, $s := .Shards}}{{if $i}}
UNION ALL{{end}}
SELECT run_id, seq FROM {{$s.Alias}}.runs
{{- end}}
;
INSERT INTO runs
SELECT * EXCLUDE (k) REPLACE (row_number() OVER (ORDER BY seq, k) AS seq) FROM (
{{- range $i, $s := .Shards}}{{if $i}}
    UNION ALL{{end}}
    SELECT *, {{$s.K}} AS k FROM {{$s.Alias}}.runs
{{- end}}
)
;
INSERT INTO pricebooks
SELECT DISTINCT ON (pricebook_hash) * FROM (
{{- range $i, $s := .Shards}}{{if $i}}
    UNION ALL{{end}}
    SELECT * FROM {{$s.Alias}}.pricebooks
{{- end}}
)
;
{{- range .Shards}}
INSERT INTO usage_prices SELECT * REPLACE (price_id + {{.Price}} AS price_id) FROM {{.Alias}}.usage_prices
;
INSERT INTO usage_batches SELECT * REPLACE (batch_id + {{.Batch}} AS batch_id) FROM {{.Alias}}.usage_batches
;
INSERT INTO usage_rows SELECT * REPLACE (batch_id + {{.Batch}} AS batch_id, price_id + {{.Price}} AS price_id)
FROM {{.Alias}}.usage_rows
;
INSERT INTO ledger SELECT * FROM {{.Alias}}.ledger
;
INSERT INTO rejects SELECT * FROM {{.Alias}}.rejects
;
{{- end}}
INSERT INTO input_files
SELECT path, input, size, sha256, sum(rows), min(run_id), min(ingested_at) FROM (
{{- range $i, $s := .Shards}}{{if $i}}
    UNION ALL{{end}}
    SELECT * FROM {{$s.Alias}}.input_files
{{- end}}
)
GROUP BY path, input, size, sha256

-- name: combine_duplicates
-- An event id two shards priced (its rows carry different accounts) is
-- one event, as in one run: its first row, by run (its place among its
-- shard's runs: the shards run side by side), then the file's place among
-- the run's inputs, then row number (dup_rows' rule). Each later
-- usage row becomes a duplicate row, in the duplicate batch of its run
-- and file (made when missing). Run after combine_copy.
CREATE OR REPLACE TEMP TABLE rc_cross AS
WITH ids AS (
    SELECT u.event_id FROM usage_rows u JOIN usage_batches b USING (batch_id)
    WHERE b.entry = 'usage' GROUP BY u.event_id HAVING count(*) > 1
), u AS (
    SELECT u.event_id, u.batch_id, u.row_number, b.run_id, b.source_file, q.seq,
           list_position(r.inputs, b.source_file) AS file_pos
    FROM usage_rows u JOIN usage_batches b USING (batch_id) JOIN runs r USING (run_id) JOIN rc_shard_seq q USING (run_id)
    WHERE b.entry = 'usage' AND u.event_id IN (SELECT event_id FROM ids)
)
SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY seq, file_pos, row_number) AS occurrence FROM u
;
INSERT INTO usage_batches
SELECT (SELECT coalesce(max(batch_id), 0) FROM usage_batches) + row_number() OVER (ORDER BY run_id, source_file),
       run_id, source_file, 'duplicate', NULL
FROM (SELECT DISTINCT run_id, source_file FROM rc_cross WHERE occurrence > 1) d
WHERE NOT EXISTS (SELECT 1 FROM usage_batches b
                  WHERE b.run_id = d.run_id AND b.source_file = d.source_file AND b.entry = 'duplicate')
;
UPDATE usage_rows u
SET batch_id = (SELECT b.batch_id FROM usage_batches b
                WHERE b.run_id = c.run_id AND b.source_file = c.source_file AND b.entry = 'duplicate')
FROM rc_cross c
WHERE c.occurrence > 1 AND u.batch_id = c.batch_id AND u.row_number = c.row_number

-- name: combine_cross_count
-- The usage rows combine_duplicates made duplicate rows.
SELECT count(*) FROM rc_cross WHERE occurrence > 1

-- name: combine_dup_rows
-- For the run that reconciles a combined database (job.Combine): the
-- render-log files of its shards' runs as rc_files, by the place of the
-- first run that read them and their place among its inputs, and the rows
-- of every id that has duplicate rows as rc_dup_rows (dup_rows' columns:
-- the event's row first), so that insert_duplicates lists the duplicate
-- rows as one run of all the shards does.
INSERT INTO rc_files
SELECT row_number() OVER (ORDER BY seq, pos) - 1, source_file, 'stored', 'render_log' FROM (
    SELECT b.source_file, min(q.seq) AS seq, min(list_position(r.inputs, b.source_file)) AS pos
    FROM usage_batches b JOIN runs r USING (run_id) JOIN rc_shard_runs q USING (run_id)
    WHERE b.entry IN ('usage', 'duplicate')
    GROUP BY b.source_file
)
;
CREATE OR REPLACE TEMP TABLE rc_dup_rows AS
WITH r AS (
    SELECT u.*, b.entry = 'duplicate' AS duplicate, f.file_id, q.seq
    FROM usage_rows u
    JOIN usage_batches b USING (batch_id)
    JOIN rc_shard_runs q USING (run_id)
    JOIN rc_files f ON f.path = b.source_file
    WHERE b.entry IN ('usage', 'duplicate')
      AND u.event_id IN (SELECT u2.event_id FROM usage_rows u2 JOIN usage_batches b2 USING (batch_id) WHERE b2.entry = 'duplicate')
)
SELECT u.file_id, u.event_id, u.video_id, u.account_id, u.created_at,
       p.kind, p.media, p.model, p.actor, p.is_ad, u.duration_ms, p.images,
       u.inline_charged_credits AS charged_credits, u.inline_charged_video_minutes AS charged_video_minutes,
       u.row_number, u.duplicate,
       row_number() OVER (PARTITION BY u.event_id ORDER BY u.seq, u.file_id, u.row_number) AS occurrence,
       false AS seen_before
FROM r u
JOIN usage_prices p ON p.price_id = u.price_id


-- name: combine_shard_runs
-- The shards' runs of a combined database, each with its place among its
-- own shard's runs (the shards ran side by side).
CREATE OR REPLACE TEMP TABLE rc_shard_runs AS
SELECT run_id, row_number() OVER (PARTITION BY shard ORDER BY seq) AS seq FROM runs WHERE shard IS NOT NULL

-- name: combine_counts
-- What the shards' runs read, as one run: every shard reads every row (its
-- rows_read counts the other shards' too), so the rows read are one
-- shard's, per round of runs; the rows priced, rejected and duplicate are
-- the shards' summed. Ledger rows taken and rejected are the stored ones.
SELECT (SELECT coalesce(sum(n), 0) FROM (SELECT max(r.rows_read) AS n FROM runs r JOIN rc_shard_runs q USING (run_id) GROUP BY q.seq)),
       coalesce(sum(priced), 0), coalesce(sum(rejected), 0), coalesce(sum(duplicates), 0),
       (SELECT coalesce(sum(n), 0) FROM (SELECT max(r.ledger_rows) AS n FROM runs r JOIN rc_shard_runs q USING (run_id) GROUP BY q.seq)),
       (SELECT count(*) FROM ledger), (SELECT count(*) FROM rejects WHERE input = 'ledger')
FROM runs WHERE shard IS NOT NULL

-- name: combine_dup_count
-- The duplicate rows combine_dup_rows found.
SELECT count(*) FROM rc_dup_rows WHERE duplicate

-- name: combine_rejects
-- The shards' rejects become the combined run's, so that its report lists
-- them as one run's would. $1 the run's id. After its counts.
UPDATE rejects SET run_id = $1 WHERE run_id IN (SELECT run_id FROM rc_shard_runs)

-- name: combine_shards
-- The Shards sheet of a combined month: each shard's run, the rows of its
-- accounts and of them rejected, and its events of the report window with their expected and charged
-- credits as the combined month has them (current_usage). $1 from, $2 to.
WITH u AS (
    SELECT run_id, count(*) AS events, sum(expected_credits) AS expected, sum(coalesce(charged_credits, 0)) AS charged
    FROM current_usage
    WHERE created_at >= $1 AND created_at < $2
    GROUP BY run_id
)
SELECT r.shard, r.run_id, r.pricebook_hash, r.priced + r.rejected + r.duplicates, r.rejected,
       coalesce(u.events, 0), coalesce(u.expected, 0)::DECIMAL(38, 2), coalesce(u.charged, 0)::DECIMAL(38, 2)
FROM runs r LEFT JOIN u USING (run_id)
WHERE r.shard IS NOT NULL
ORDER BY r.seq
