-- description: The month's discrepancies per category, as the Summary's
--   table shows them, from findings_latest: count, amount (the sum of
--   diff_credits; 0 for minutes_mismatch, duplicate_charge and
--   account_mismatch, whose event's difference another category or the
--   tolerance already counts) and video minutes (charged − expected, for
--   minutes_mismatch, uncharged, duplicate_event and orphan_charge).
-- param: period YYYY-MM, or empty for all months
WITH p AS (
    SELECT CASE WHEN $period = '' THEN NULL
                WHEN regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') THEN CAST($period || '-01' AS TIMESTAMP)
                ELSE error('--param period=' || $period || ': want YYYY-MM, or empty for all') END AS lo
), f AS (
    SELECT f.* FROM findings_latest f, p
    WHERE p.lo IS NULL
       OR (f.created_at >= p.lo AND f.created_at < p.lo + INTERVAL 1 MONTH)
       OR (f.category = 'orphan_charge'
           AND f.event_id IN (SELECT event_id FROM ledger, p
                              WHERE charged_at >= p.lo AND charged_at < p.lo + INTERVAL 1 MONTH))
)
SELECT c.category, count(f.category) AS n,
       coalesce(sum(CASE WHEN c.category IN ('minutes_mismatch', 'duplicate_charge', 'account_mismatch') THEN 0
                         ELSE f.diff_credits END), 0)::DECIMAL(38, 2) AS amount,
       coalesce(sum(CASE WHEN c.category IN ('minutes_mismatch', 'uncharged', 'duplicate_event', 'orphan_charge')
                         THEN coalesce(f.charged_video_minutes, 0) - f.expected_video_minutes ELSE 0 END), 0)::BIGINT AS minutes
FROM (VALUES (1, 'overcharged'), (2, 'undercharged'), (3, 'uncharged'), (4, 'minutes_mismatch'),
             (5, 'duplicate_event'), (6, 'orphan_charge'), (7, 'duplicate_charge'),
             (8, 'account_mismatch')) c(ord, category)
LEFT JOIN f ON f.category = c.category
GROUP BY c.ord, c.category
ORDER BY c.ord
