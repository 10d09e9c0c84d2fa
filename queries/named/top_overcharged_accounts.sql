-- description: The accounts owed the most credits for events created in the
--   period: per account, what its events were charged above their price
--   (overcharged; an event charged twice in the ledger, duplicate_charge,
--   counts once, by its overcharged row) plus what duplicate rows carried
--   (duplicate_event), from findings_latest: each event as the latest run
--   that reconciled it found it, so a month reconciled again counts once.
--   Orphan ledger charges have no event and are not included. Largest
--   refund first.
-- param: period YYYY-MM, or empty for all
-- param: limit=10 how many accounts to list
WITH p AS (
    SELECT CASE WHEN $period = '' THEN NULL
                WHEN regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') THEN CAST($period || '-01' AS TIMESTAMP)
                ELSE error('--param period=' || $period || ': want YYYY-MM, or empty for all') END AS lo,
           CASE WHEN regexp_full_match($limit, '[0-9]{1,9}') THEN CAST($limit AS BIGINT)
                ELSE error('--param limit=' || $limit || ': want a whole number') END AS n
), f AS (
    -- by the day its event was created (a conflicting duplicate row may
    -- say another)
    SELECT f.* FROM findings_latest f
    JOIN usage_entries u ON u.event_id = f.event_id AND u.entry = 'usage', p
    WHERE f.category IN ('overcharged', 'duplicate_event') AND f.diff_credits > 0
      AND (p.lo IS NULL OR (u.created_at >= p.lo AND u.created_at < p.lo + INTERVAL 1 MONTH))
)
SELECT account_id,
       count(*) FILTER (WHERE category = 'overcharged') AS overcharged_events,
       coalesce(sum(diff_credits) FILTER (WHERE category = 'overcharged'), 0)::DECIMAL(38, 2) AS overcharged_credits,
       count(*) FILTER (WHERE category = 'duplicate_event') AS duplicate_rows,
       coalesce(sum(diff_credits) FILTER (WHERE category = 'duplicate_event'), 0)::DECIMAL(38, 2) AS duplicate_credits,
       sum(diff_credits)::DECIMAL(38, 2) AS to_refund
FROM f
GROUP BY account_id
ORDER BY to_refund DESC, account_id
LIMIT (SELECT n FROM p)
