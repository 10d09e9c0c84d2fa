-- dup_check: after dup_rows (and dup_repair), the rule insert_priced stored
-- by must be the rule of rc_dup_rows; rc_dup_skip counts the duplicates.
-- Never silently otherwise.
SELECT CASE WHEN count(*) FILTER (WHERE duplicate <> (occurrence > 1 OR seen_before)) > 0
            THEN error('dup_rows: insert_priced set apart other rows than the duplicates') END
FROM rc_dup_rows
;
CREATE OR REPLACE TEMP TABLE rc_dup_skip AS
SELECT file_id, row_number FROM rc_dup_rows WHERE duplicate
