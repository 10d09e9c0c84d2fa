-- name: pattern_findings
-- pattern_findings: the events of the run's report whose charge differs
-- from their price (rc_findings: overcharged, undercharged, uncharged,
-- minutes_mismatch), each once, with what package patterns prices them
-- again from: their pricing facts (usage_entries' usage row) and their
-- price and charge as the findings have them.
WITH f AS (
    SELECT event_id, any_value(account_id) AS account_id, any_value(created_at) AS created_at,
           any_value(expected_credits) AS expected_credits, any_value(expected_video_minutes) AS expected_minutes,
           any_value(charged_credits) AS charged_credits, any_value(charged_video_minutes) AS charged_minutes,
           any_value(source_file) AS source_file,
           bool_or(category IN ('overcharged', 'undercharged', 'uncharged')) AS credit_finding
    FROM rc_findings
    WHERE category IN ('overcharged', 'undercharged', 'uncharged', 'minutes_mismatch')
    GROUP BY event_id
), facts AS (
    -- an event's pricing facts are its usage row's (a re-rating changes
    -- its price, not its facts)
    SELECT event_id, kind, media, model, actor, is_ad, duration_ms, images
    FROM usage_entries
    WHERE entry = 'usage' AND event_id IN (SELECT event_id FROM f)
)
SELECT f.event_id, f.account_id, f.created_at, f.source_file, x.kind, coalesce(x.media, ''), coalesce(x.model, ''), x.actor, x.is_ad,
       coalesce(x.duration_ms, 0), x.images, f.expected_credits, f.expected_minutes,
       f.charged_credits, coalesce(f.charged_minutes, 0), f.credit_finding
FROM f JOIN facts x USING (event_id)
ORDER BY f.event_id

-- name: pattern_days
-- The report's events per UTC day, findings or not (rc_totals: the Daily
-- sheet's events).
SELECT CAST(day AS TIMESTAMP), sum(events)::BIGINT FROM rc_totals GROUP BY ALL

-- name: insert_pattern
-- A line of a run's Patterns sheet. $1 the run, $2 its rank, then the
-- pattern's columns.
INSERT INTO patterns VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)

-- name: patterns_of
-- A run's Patterns sheet, for writing a close's reports again. $1 the run.
SELECT cause, rule, grp, events, group_findings, credits, video_minutes FROM patterns WHERE run_id = $1 ORDER BY rank

-- name: pattern_files
-- The report's events of one render-log file ($1), a file all of whose
-- findings are uncharged: with a window the events created in it,
-- without one the events this run priced (a file is read by one run).
SELECT count(*) FROM usage_entries u, rc_params p
WHERE u.entry = 'usage' AND u.source_file = $1
  AND CASE WHEN p.window_from IS NULL THEN u.run_id = p.run_id
           ELSE u.created_at >= p.window_from AND u.created_at < p.window_to END
