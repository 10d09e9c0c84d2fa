-- migrate_4: from schema version 3 to 4: the shard a run priced.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS shard VARCHAR
