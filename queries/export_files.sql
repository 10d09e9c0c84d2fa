-- export_files: the Parquet files an export wrote and the rows each holds,
-- read back from the files themselves. A text/template: .Files are their
-- paths, each written as a quoted literal.
SELECT file_name, num_rows
FROM parquet_file_metadata([{{range $i, $f := .Files}}{{if $i}}, {{end}}{{lit $f}}{{end}}])
ORDER BY file_name
