-- name: insert_file
INSERT INTO rc_files VALUES (?, ?, ?, ?)

-- name: input_view
-- The union of one input's validated per-file views.
CREATE OR REPLACE TEMP VIEW {{.View}} AS
{{range $i, $v := .Files}}{{if $i}}
UNION ALL {{end}}SELECT * FROM {{$v}}{{end}}

-- name: sharded_input_view
-- With --shard, the shard of a row: md5 of account_id mod the count, 0
-- without an account_id. It is worked out once per distinct account
-- (rc_shard_accounts_<input>: the accounts of this shard), so that each
-- pass over the input keeps its rows by a hash join on a few hundred
-- accounts instead of an md5 of every row (at 10M rows, a shard's scan took
-- 23 s that way, against 3 s unsharded). The rows of other shards are
-- counted (rc_other_shards_<input>, file_id), never dropped unseen.
CREATE OR REPLACE TEMP VIEW {{.View}}_all AS
{{range $i, $v := .Files}}{{if $i}}
UNION ALL {{end}}SELECT * FROM {{$v}}{{end}}
;
CREATE OR REPLACE TEMP TABLE rc_shard_accounts_{{.Input}} AS
SELECT DISTINCT account_id FROM ({{range $i, $v := .Files}}{{if $i}}
UNION ALL {{end}}SELECT account_id FROM {{$v}}_accounts{{end}})
WHERE account_id IS NOT NULL AND md5_number(account_id) % {{.Count}} = {{.Index}}
;
CREATE OR REPLACE TEMP VIEW {{.View}} AS
SELECT * FROM {{.View}}_all
WHERE {{if eq .Index 0}}account_id IS NULL OR {{end}}account_id IN (SELECT account_id FROM rc_shard_accounts_{{.Input}})
;
CREATE OR REPLACE TEMP VIEW rc_other_shards_{{.Input}} AS
SELECT file_id FROM {{.View}}_all
WHERE {{if eq .Index 0}}account_id IS NOT NULL AND {{end}}(account_id IS NULL OR account_id NOT IN (SELECT account_id FROM rc_shard_accounts_{{.Input}}))

-- name: csv_stage
-- A CSV file's rows as text, numbered in file order. DuckDB's sniffer is
-- off: the dialect is fixed by SPEC §2, and the columns are named by
-- position (c0, c1, …) so that no header text reaches SQL.
CREATE OR REPLACE TEMP TABLE {{.Table}} AS
SELECT row_number() OVER () AS rc_row, {{.Keep}}
FROM read_csv({{lit .Path}}, header = true, auto_detect = false, columns = {{"{"}}{{.Columns}}{{"}"}},
              delim = ',', quote = '"', escape = '"', strict_mode = true,
              max_line_size = {{.MaxLine}}, compression = {{lit .Compression}},
              ignore_errors = true, store_rejects = true,
              rejects_table = {{lit .Rejects}}, rejects_scan = {{lit (print .Rejects "_scan")}})

-- name: csv_staged_counts
SELECT (SELECT count(*) FROM {{.Table}}), (SELECT count(DISTINCT line) FROM {{.Rejects}})

-- name: csv_staged_source
SELECT rc_row{{.Columns}} FROM {{.Table}}

-- name: mark_long_row
UPDATE rc_malformed SET reason = 'row_too_long', message = ?, raw = ?
WHERE file_id = ? AND row_number = ?

-- name: parquet_schema
SELECT name, coalesce(num_children, 0) FROM parquet_schema({{lit .}})

-- name: parquet_types
DESCRIBE SELECT * FROM read_parquet({{lit .}})

-- name: parquet_source
-- The row number is DuckDB's file_row_number, unless the file has a column
-- of that name (an extra column, ignored like any other): then the order of
-- a plain scan, which DuckDB preserves.
{{if .RowNumberColumn}}SELECT row_number() OVER () AS rc_row{{.Columns}} FROM read_parquet({{lit .Path}}){{else}}SELECT file_row_number + 1 AS rc_row{{.Columns}} FROM read_parquet({{lit .Path}}, file_row_number = true){{end}}

-- name: account_view
-- The accounts of one input file, each once, read from the file's account
-- column alone (not through the validated view, which builds every row's
-- text): what sharded_input_view works out the shards of (a template:
-- .View the file's validated view, .Source its source, .Account the
-- account_id column as the validated view converts it).
CREATE OR REPLACE TEMP VIEW {{.View}}_accounts AS
SELECT DISTINCT {{.Account}} AS account_id FROM ({{.Source}})
