-- name: pattern_findings
-- pattern_findings: the events of a month whose charge differs from their
-- price now (findings_latest: overcharged, undercharged, uncharged,
-- minutes_mismatch), each once, with what package patterns prices them
-- again from: their pricing facts, price and charge (current_usage). $1
-- the month's first instant, $2 the next month's.
SELECT c.event_id, c.created_at, c.kind, coalesce(c.media, ''), coalesce(c.model, ''), c.actor, c.is_ad,
       coalesce(c.duration_ms, 0), c.images, c.expected_credits, c.expected_video_minutes,
       c.charged_credits, coalesce(c.charged_video_minutes, 0)
FROM current_usage c
WHERE c.created_at >= $1 AND c.created_at < $2
  AND c.event_id IN (SELECT event_id FROM findings_latest
                     WHERE category IN ('overcharged', 'undercharged', 'uncharged', 'minutes_mismatch')
                       AND created_at >= $1 AND created_at < $2)
ORDER BY c.event_id

-- name: pattern_days
-- The month's events per UTC day, findings or not. $1, $2 as above.
SELECT CAST(date_trunc('day', created_at) AS TIMESTAMP), count(*) FROM current_usage
WHERE created_at >= $1 AND created_at < $2
GROUP BY ALL
