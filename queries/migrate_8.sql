-- migrate_8: from schema version 7 to 8: the close snapshot tables
-- (close_snapshots, close_categories, close_accounts), which schema.sql
-- creates; a database closed before has no snapshots, and nothing moves.
SELECT 1
