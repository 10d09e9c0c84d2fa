-- report_days: the Daily sheet: the scope's events by UTC day created, and
-- the discrepancies of those days (duplicate rows and orphan charges are
-- not events and are left out; the Summary counts them).
SELECT d.day, count(*) AS events,
       sum(d.expected_credits)::DECIMAL(38, 2),
       sum(coalesce(d.charged_credits, 0))::DECIMAL(38, 2),
       (sum(coalesce(d.charged_credits, 0)) - sum(d.expected_credits))::DECIMAL(38, 2),
       sum(d.expected_video_minutes)::BIGINT,
       sum(coalesce(d.charged_video_minutes, 0))::BIGINT,
       coalesce(any_value(f.n), 0)
FROM (SELECT *, date_trunc('day', created_at) AS day FROM rc_scope) d
LEFT JOIN (SELECT date_trunc('day', created_at) AS day, count(*) AS n FROM rc_findings
           WHERE category NOT IN ('duplicate_event', 'orphan_charge') GROUP BY ALL) f USING (day)
GROUP BY d.day
ORDER BY d.day
