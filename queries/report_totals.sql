-- report_totals: the Summary's totals: the scope's events, plus what
-- duplicate rows and orphan charges carried, so that charged − expected
-- equals the sum of the differences. One pass over each.
WITH s AS (
    SELECT coalesce(sum(expected_credits), 0) AS expected_credits,
           coalesce(sum(charged_credits), 0) AS charged_credits,
           coalesce(sum(expected_minutes), 0) AS expected_minutes,
           coalesce(sum(charged_minutes), 0) AS charged_minutes,
           coalesce(string_agg(DISTINCT pricebook_version, ', ' ORDER BY pricebook_version), '') AS versions,
           coalesce(sum(events), 0) AS events
    FROM rc_totals
), f AS (
    SELECT coalesce(sum(coalesce(charged_credits, 0)), 0) AS charged_credits,
           coalesce(sum(coalesce(charged_video_minutes, 0)), 0) AS charged_minutes
    FROM rc_findings
    WHERE category IN ('duplicate_event', 'orphan_charge')
)
SELECT s.expected_credits::DECIMAL(38, 2),
       (s.charged_credits + f.charged_credits)::DECIMAL(38, 2),
       s.expected_minutes::BIGINT,
       (s.charged_minutes + f.charged_minutes)::BIGINT,
       s.versions,
       s.events
FROM s, f
