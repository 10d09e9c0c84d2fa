-- report_days: the Daily sheet: the scope's events by UTC day created, and
-- the discrepancies of those days (duplicate rows and orphan charges are
-- not events and are left out; the Summary counts them).
SELECT d.day, sum(d.events)::BIGINT AS events,
       sum(d.expected_credits)::DECIMAL(38, 2),
       sum(d.charged_credits)::DECIMAL(38, 2),
       (sum(d.charged_credits) - sum(d.expected_credits))::DECIMAL(38, 2),
       sum(d.expected_minutes)::BIGINT,
       sum(d.charged_minutes)::BIGINT,
       coalesce(any_value(f.n), 0)
FROM rc_totals d
LEFT JOIN (SELECT date_trunc('day', created_at) AS day, count(*) AS n FROM rc_findings
           WHERE category NOT IN ('duplicate_event', 'orphan_charge') GROUP BY ALL) f USING (day)
GROUP BY d.day
ORDER BY d.day
