-- name: insert_file
INSERT INTO rc_files VALUES (?, ?, ?, ?)

-- name: input_view
-- The union of one input's validated per-file views.
CREATE OR REPLACE TEMP VIEW {{.View}} AS
{{range $i, $v := .Files}}{{if $i}}
UNION ALL {{end}}SELECT * FROM {{$v}}{{end}}

-- name: sharded_input_view
-- With --shard, the shard of a row (md5 of account_id mod the count, 0
-- without an account_id) is computed once, in the view every pass reads;
-- the rows of other shards are counted (rc_other_shards_<input>, file_id),
-- never dropped unseen.
CREATE OR REPLACE TEMP VIEW {{.View}}_all AS
SELECT *, CASE WHEN account_id IS NULL THEN 0 ELSE md5_number(account_id) % {{.Count}} END AS rc_shard
FROM ({{range $i, $v := .Files}}{{if $i}}
UNION ALL {{end}}SELECT * FROM {{$v}}{{end}})
;
CREATE OR REPLACE TEMP VIEW {{.View}} AS SELECT * EXCLUDE (rc_shard) FROM {{.View}}_all WHERE rc_shard = {{.Index}}
;
CREATE OR REPLACE TEMP VIEW rc_other_shards_{{.Input}} AS SELECT file_id FROM {{.View}}_all WHERE rc_shard <> {{.Index}}

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
