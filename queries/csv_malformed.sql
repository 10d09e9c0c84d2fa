-- csv_malformed: the rows of one staged CSV file that DuckDB's reader could
-- not take as CSV, from its rejects table (a template: .Rejects, .FileID).
-- DuckDB's line counts records with the header as 1 (and blank lines too:
-- a file with blank lines is read from a copy without them). A row whose
-- error names no column (a line too long for DuckDB) has column_idx NULL.
INSERT INTO rc_malformed
SELECT {{.FileID}}, line - 1,
       CASE WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN 'wrong_field_count'
            WHEN error_type = 'INVALID ENCODING' THEN 'bad_encoding'
            ELSE 'malformed_row' END,
       coalesce(error_message, error_type),
       coalesce(csv_line, '')
FROM (
    SELECT line, arg_min(error_type, coalesce(column_idx, -1)) AS error_type,
           arg_min(error_message, coalesce(column_idx, -1)) AS error_message,
           arg_min(csv_line, coalesce(column_idx, -1)) AS csv_line
    FROM {{.Rejects}}
    GROUP BY line
)
