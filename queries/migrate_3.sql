-- migrate_3: from schema version 2 to 3: where each run's reports go and
-- wait, and how long it took. New tables come from schema.sql.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS reports_dir VARCHAR
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS staging_dir VARCHAR
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS seconds DOUBLE
