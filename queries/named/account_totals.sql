-- description: Per account, the month's figures exactly as accounts.csv and
--   the Accounts sheet of a run over that period show them, from
--   current_usage (each event's charge as its reconciliation used it) and
--   findings_latest: events, expected and charged credits (with what its
--   duplicate rows and orphan ledger charges carried), the difference,
--   video minutes, to_refund and to_rebill (to_refund − to_rebill =
--   charged − expected), and its discrepancies in all and per category.
-- param: period YYYY-MM, or empty for all months
WITH p AS (
    SELECT CASE WHEN $period = '' THEN NULL
                WHEN regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') THEN CAST($period || '-01' AS TIMESTAMP)
                ELSE error('--param period=' || $period || ': want YYYY-MM, or empty for all') END AS lo
), ev AS (
    SELECT account_id, count(*) AS events,
           sum(expected_credits) AS expected_credits, sum(coalesce(charged_credits, 0)) AS charged_credits,
           sum(expected_video_minutes) AS expected_minutes, sum(coalesce(charged_video_minutes, 0)) AS charged_minutes,
           sum(greatest(diff_credits, 0)) AS refund, sum(greatest(-diff_credits, 0)) AS rebill
    FROM current_usage, p
    WHERE p.lo IS NULL OR (created_at >= p.lo AND created_at < p.lo + INTERVAL 1 MONTH)
    GROUP BY account_id
), f AS (
    -- the month's findings: its events' and duplicate rows' (by the day
    -- they were created), and the orphans charged in it
    SELECT f.* FROM findings_latest f, p
    WHERE p.lo IS NULL
       OR (f.created_at >= p.lo AND f.created_at < p.lo + INTERVAL 1 MONTH)
       OR (f.category = 'orphan_charge'
           AND f.event_id IN (SELECT event_id FROM ledger, p
                              WHERE charged_at >= p.lo AND charged_at < p.lo + INTERVAL 1 MONTH))
), dis AS (
    SELECT account_id, count(*) AS discrepancies,
           sum(CASE WHEN category IN ('duplicate_event', 'orphan_charge') THEN greatest(coalesce(charged_credits, 0), 0) ELSE 0 END) AS extra_refund,
           sum(CASE WHEN category = 'orphan_charge' THEN greatest(-coalesce(charged_credits, 0), 0) ELSE 0 END) AS extra_rebill,
           sum(CASE WHEN category IN ('duplicate_event', 'orphan_charge') THEN coalesce(charged_credits, 0) ELSE 0 END) AS extra_credits,
           sum(CASE WHEN category IN ('duplicate_event', 'orphan_charge') THEN coalesce(charged_video_minutes, 0) ELSE 0 END) AS extra_minutes,
           count(*) FILTER (WHERE category = 'overcharged') AS overcharged,
           count(*) FILTER (WHERE category = 'undercharged') AS undercharged,
           count(*) FILTER (WHERE category = 'uncharged') AS uncharged,
           count(*) FILTER (WHERE category = 'minutes_mismatch') AS minutes_mismatch,
           count(*) FILTER (WHERE category = 'duplicate_event') AS duplicate_event,
           count(*) FILTER (WHERE category = 'orphan_charge') AS orphan_charge,
           count(*) FILTER (WHERE category = 'duplicate_charge') AS duplicate_charge,
           count(*) FILTER (WHERE category = 'account_mismatch') AS account_mismatch
    FROM f GROUP BY account_id
)
SELECT account_id,
       coalesce(ev.events, 0) AS events,
       coalesce(ev.expected_credits, 0)::DECIMAL(38, 2) AS expected_credits,
       (coalesce(ev.charged_credits, 0) + coalesce(dis.extra_credits, 0))::DECIMAL(38, 2) AS charged_credits,
       (coalesce(ev.charged_credits, 0) + coalesce(dis.extra_credits, 0) - coalesce(ev.expected_credits, 0))::DECIMAL(38, 2) AS diff_credits,
       coalesce(ev.expected_minutes, 0)::BIGINT AS expected_video_minutes,
       (coalesce(ev.charged_minutes, 0) + coalesce(dis.extra_minutes, 0))::BIGINT AS charged_video_minutes,
       (coalesce(ev.refund, 0) + coalesce(dis.extra_refund, 0))::DECIMAL(38, 2) AS to_refund,
       (coalesce(ev.rebill, 0) + coalesce(dis.extra_rebill, 0))::DECIMAL(38, 2) AS to_rebill,
       coalesce(dis.discrepancies, 0) AS discrepancies,
       coalesce(dis.overcharged, 0) AS overcharged, coalesce(dis.undercharged, 0) AS undercharged,
       coalesce(dis.uncharged, 0) AS uncharged, coalesce(dis.minutes_mismatch, 0) AS minutes_mismatch,
       coalesce(dis.duplicate_event, 0) AS duplicate_event, coalesce(dis.orphan_charge, 0) AS orphan_charge,
       coalesce(dis.duplicate_charge, 0) AS duplicate_charge, coalesce(dis.account_mismatch, 0) AS account_mismatch
FROM ev FULL OUTER JOIN dis USING (account_id)
ORDER BY account_id
