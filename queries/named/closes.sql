-- description: The month closes, newest first: each --period run's snapshot
--   of what it reported (close_snapshots), with the sha256 its Summary
--   shows; current is true for the latest close of each month (by the
--   order of the runs), which a later close of the month replaces as
--   current (the earlier stay).
-- param: period= YYYY-MM, or empty for every month
WITH p AS (
    SELECT CASE WHEN $period = '' OR regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') THEN $period
                ELSE error('--param period=' || $period || ': want YYYY-MM, or empty for all') END AS period
)
SELECT s.period, s.close_id, s.closed_at,
       r.seq = max(r.seq) OVER (PARTITION BY s.period) AS current,
       s.figures_sha256, s.events, s.expected_credits, s.charged_credits,
       (s.charged_credits - s.expected_credits)::DECIMAL(38, 2) AS net_credits,
       s.to_refund, s.to_rebill, s.leakage, s.discrepancies
FROM close_snapshots s
JOIN runs r ON r.run_id = s.close_id
CROSS JOIN p
WHERE p.period = '' OR s.period = p.period
ORDER BY r.seq DESC
