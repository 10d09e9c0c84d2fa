-- description: The accounts owed the most credits for events created in the
--   period: per account, what its events were charged above their price
--   (overcharged; an event charged twice in the ledger, duplicate_charge,
--   counts once) plus what duplicate rows carried (duplicate_event), as the
--   latest run that reconciled each event found it, so a month reconciled
--   again counts once. Orphan ledger charges have no event and are not
--   included. Largest refund first.
-- param: period YYYY-MM, or empty for all
-- param: limit=10 how many accounts to list
WITH p AS (
    SELECT CASE WHEN $period = '' THEN NULL
                WHEN regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') THEN CAST($period || '-01' AS TIMESTAMP)
                ELSE error('--param period=' || $period || ': want YYYY-MM, or empty for all') END AS lo,
           CASE WHEN regexp_full_match($limit, '[0-9]{1,9}') THEN CAST($limit AS BIGINT)
                ELSE error('--param limit=' || $limit || ': want a whole number') END AS n
), ev AS (
    -- the period's events, each with the run that first priced it
    SELECT u.event_id, u.created_at, f.run_id AS priced_by
    FROM current_usage u
    JOIN priced_usage f ON f.event_id = u.event_id AND f.entry = 'usage', p
    WHERE p.lo IS NULL OR (u.created_at >= p.lo AND u.created_at < p.lo + INTERVAL 1 MONTH)
), judged AS (
    -- the runs whose reports judged an event's charge: a run without a
    -- window judges the events it priced; a run with one (--period, --from)
    -- every event created in it; and any run that recorded a finding
    SELECT ev.event_id, r.run_id
    FROM ev JOIN runs r ON r.run_id = ev.priced_by AND r.window_from IS NULL
    UNION
    SELECT ev.event_id, r.run_id
    FROM ev JOIN runs r ON r.kind = 'run' AND r.window_from IS NOT NULL
                       AND ev.created_at >= r.window_from AND ev.created_at < r.window_to
    UNION
    SELECT d.event_id, d.run_id
    FROM discrepancies d
    WHERE d.category <> 'duplicate_event' AND d.event_id IN (SELECT event_id FROM ev)
), latest AS (
    SELECT j.event_id, arg_max(j.run_id, (r.started_at, j.run_id)) AS run_id
    FROM judged j JOIN runs r USING (run_id)
    GROUP BY j.event_id
), overcharge AS (
    -- what the latest judgement found charged above the price, once per event
    SELECT d.event_id, any_value(d.account_id) AS account_id, max(d.diff_credits) AS credits
    FROM discrepancies d JOIN latest l USING (event_id, run_id)
    WHERE d.category IN ('overcharged', 'duplicate_charge')
    GROUP BY d.event_id
), duplicate AS (
    -- each duplicate row once, as the latest run that listed it recorded it
    SELECT d.account_id, d.diff_credits AS credits
    FROM discrepancies d LEFT JOIN runs r USING (run_id)
    WHERE d.category = 'duplicate_event' AND d.event_id IN (SELECT event_id FROM ev)
    QUALIFY row_number() OVER (PARTITION BY d.source_file, d.row_number
                               ORDER BY r.started_at DESC NULLS LAST, d.run_id DESC) = 1
), owed AS (
    SELECT account_id, true AS over, credits FROM overcharge
    UNION ALL
    SELECT account_id, false, credits FROM duplicate
)
SELECT account_id,
       count(*) FILTER (WHERE over) AS overcharged_events,
       coalesce(sum(credits) FILTER (WHERE over), 0)::DECIMAL(18, 2) AS overcharged_credits,
       count(*) FILTER (WHERE NOT over) AS duplicate_rows,
       coalesce(sum(credits) FILTER (WHERE NOT over), 0)::DECIMAL(18, 2) AS duplicate_credits,
       sum(credits)::DECIMAL(18, 2) AS to_refund
FROM owed
WHERE credits > 0
GROUP BY account_id
ORDER BY to_refund DESC, account_id
LIMIT (SELECT n FROM p)
