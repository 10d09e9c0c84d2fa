-- csv_malformed: the rows of one staged CSV file that DuckDB's reader could
-- not take as CSV, from its rejects table (a template: .Rejects, .FileID).
-- DuckDB's line counts records with the header as 1.
INSERT INTO rc_malformed
SELECT {{.FileID}}, line - 1,
       CASE WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN 'wrong_field_count'
            WHEN error_type = 'INVALID ENCODING' THEN 'bad_encoding'
            ELSE 'malformed_row' END,
       error_message,
       coalesce(csv_line, '')
FROM (
    SELECT line, arg_min(error_type, column_idx) AS error_type,
           arg_min(error_message, column_idx) AS error_message,
           arg_min(csv_line, column_idx) AS csv_line
    FROM {{.Rejects}}
    GROUP BY line
)
