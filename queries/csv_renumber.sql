-- csv_renumber: row numbers of a staged CSV file's good rows once malformed
-- rows were set aside (a template: .Table, .FileID). Good row k (1-based,
-- in file order) is data row k + the number of malformed rows before it; a
-- malformed row at data row r with i malformed rows up to it (1-based) has
-- r − i good rows before it.
UPDATE {{.Table}} AS t
SET rc_row = t.rc_row + (
    SELECT count(*) FROM (
        SELECT row_number - row_number() OVER (ORDER BY row_number) AS good_before
        FROM rc_malformed WHERE file_id = {{.FileID}}
    ) m
    WHERE m.good_before < t.rc_row
)
