-- migrate_5: from schema version 4 to 5 (one charge per event, SPEC §6
-- "One truth"). The table of priced rows becomes usage_entries, whose
-- render-log charges are named for what they are (inline_charged_*); its
-- stored diff_credits, always the inline difference, goes. priced_usage
-- and current_usage become views that derive each event's charge by one
-- rule (schema.sql). The views are dropped first: schema.sql makes them
-- anew.
DROP VIEW IF EXISTS current_usage
;
ALTER TABLE priced_usage RENAME TO usage_entries
;
ALTER TABLE usage_entries RENAME COLUMN charged_credits TO inline_charged_credits
;
ALTER TABLE usage_entries RENAME COLUMN charged_video_minutes TO inline_charged_video_minutes
;
ALTER TABLE usage_entries DROP COLUMN diff_credits

;
-- Runs get their order (issue: two runs in one second were ordered by
-- their run id's random suffix): the existing ones by start, then id.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS seq BIGINT
;
UPDATE runs SET seq = o.n
FROM (SELECT run_id, row_number() OVER (ORDER BY started_at, run_id) AS n FROM runs) o
WHERE runs.run_id = o.run_id
