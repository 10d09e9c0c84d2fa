-- description: Per UTC day of the events created in the period, at their
--   current price (one row per event, after any re-rating): events, expected
--   and charged credits, the difference (charged - expected), and expected
--   and charged video minutes, with each event's charge as its
--   reconciliation uses it (current_usage). The same figures as the Daily
--   sheet of a run over that period. Charges carried by duplicate rows and
--   orphan ledger charges belong to no event and are not included: see
--   findings_latest for those.
-- param: period YYYY-MM, or empty for all
WITH p AS (
    SELECT CASE WHEN $period = '' THEN NULL
                WHEN regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') THEN CAST($period || '-01' AS TIMESTAMP)
                ELSE error('--param period=' || $period || ': want YYYY-MM, or empty for all') END AS lo
)
SELECT strftime(u.created_at, '%Y-%m-%d') AS day,
       count(*) AS events,
       sum(u.expected_credits)::DECIMAL(38, 2) AS expected_credits,
       sum(coalesce(u.charged_credits, 0))::DECIMAL(38, 2) AS charged_credits,
       sum(u.diff_credits)::DECIMAL(38, 2) AS diff_credits,
       sum(u.expected_video_minutes)::BIGINT AS expected_video_minutes,
       sum(coalesce(u.charged_video_minutes, 0))::BIGINT AS charged_video_minutes,
       (sum(coalesce(u.charged_video_minutes, 0)) - sum(u.expected_video_minutes))::BIGINT AS diff_video_minutes
FROM current_usage u, p
WHERE p.lo IS NULL OR (u.created_at >= p.lo AND u.created_at < p.lo + INTERVAL 1 MONTH)
GROUP BY day
ORDER BY day
