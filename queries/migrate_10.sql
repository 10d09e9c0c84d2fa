-- migrate_10: from schema version 9 to 10: patterns (the Patterns sheet of
-- each run) and close_adjustments (what each close hands billing), which
-- schema.sql creates; the runs and closes before have none, and nothing
-- moves.
SELECT 1
