-- migrate_2: from schema version 1 (reconcile's first release) to 2: the
-- columns that the ledger, the report window, late events and re-rating
-- added to existing tables. New tables and views come from schema.sql.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS kind VARCHAR DEFAULT 'run'
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ledgers VARCHAR[] DEFAULT []
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS window_from TIMESTAMP
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS window_to TIMESTAMP
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS rel_tolerance DECIMAL(18, 6) DEFAULT 0
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS late BIGINT DEFAULT 0
;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ledger_rows BIGINT DEFAULT 0
;
ALTER TABLE priced_usage ADD COLUMN IF NOT EXISTS entry VARCHAR DEFAULT 'usage'
;
ALTER TABLE priced_usage ADD COLUMN IF NOT EXISTS corrects_run_id VARCHAR
;
ALTER TABLE priced_usage ADD COLUMN IF NOT EXISTS is_late BOOLEAN DEFAULT false
;
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS input VARCHAR DEFAULT 'render_log'
