-- migrate_6: from schema version 5 to 6. A discrepancy's charge is a sum of
-- ledger rows, each of which fits DECIMAL(18,2) and INTEGER; two of them
-- may not (issue: two rows of 9999999999999999.99 aborted the run). The
-- charged and difference columns widen to DECIMAL(38,2) and BIGINT, as
-- the views (schema.sql) that derive them do. Views that read the table
-- are dropped first: schema.sql makes them anew. A database older than the
-- table gets it from schema.sql.
DROP VIEW IF EXISTS findings_latest
;
ALTER TABLE IF EXISTS discrepancies ALTER COLUMN charged_credits SET DATA TYPE DECIMAL(38, 2)
;
ALTER TABLE IF EXISTS discrepancies ALTER COLUMN diff_credits SET DATA TYPE DECIMAL(38, 2)
;
ALTER TABLE IF EXISTS discrepancies ALTER COLUMN charged_video_minutes SET DATA TYPE BIGINT
