-- migrate_9: from schema version 8 to 9: close_bridge, the Bridge sheet of
-- a re-close, which schema.sql creates; the closes recorded before have
-- none, and nothing moves.
SELECT 1
