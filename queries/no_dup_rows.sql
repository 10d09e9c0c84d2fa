-- no_dup_rows: the empty duplicate tables of a run whose event ids are all
-- unique, made without reading the input again.
CREATE OR REPLACE TEMP TABLE rc_dup_rows AS
SELECT * EXCLUDE (message, raw), 0::BIGINT AS occurrence, false AS seen_before FROM rc_input WHERE false
;
CREATE OR REPLACE TEMP TABLE rc_dup_skip AS
SELECT file_id, row_number FROM rc_dup_rows
