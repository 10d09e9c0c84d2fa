-- name: begin
BEGIN TRANSACTION

-- name: commit
COMMIT

-- name: rollback
ROLLBACK

-- name: set_utc
SET TimeZone = 'UTC'

-- name: set_memory_limit
SET memory_limit = {{lit .}}

-- name: profile_to
-- DuckDB's query_tree profile (the tree EXPLAIN ANALYZE prints) of the next
-- statements, written to a file.
SET enable_profiling = 'query_tree'
;
SET profiling_output = {{lit .}}

-- name: profile_off
PRAGMA disable_profiling

-- name: no_filter_pushdown
-- DuckDB's filter pushdown would copy the whole validation expression into
-- each filter on reason, more than doubling the cost of a pass.
SET disabled_optimizers = 'filter_pushdown'

-- name: reset_optimizers
RESET disabled_optimizers

-- name: create_meta
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)

-- name: schema_version
SELECT value FROM meta WHERE key = 'schema_version'

-- name: set_schema_version
INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)

-- name: threads
-- How many threads DuckDB runs a query on.
SELECT CAST(current_setting('threads') AS BIGINT)

-- name: id_hash_collisions
-- For tests only: every event id shares its rc_id_hash with a fifth of the
-- others, so that a run meets ids that share a number with a repeated one.
CREATE OR REPLACE TEMP MACRO rc_id_hash(event_id) AS hash(CAST(event_id AS VARCHAR)) % 5
