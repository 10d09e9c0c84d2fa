-- report_accounts: the Accounts sheet: per account, its events' totals plus
-- what its duplicate rows and orphan charges carried; what it is owed back
-- (to_refund: its events' differences above the price, charged duplicate
-- rows, orphan charges) and what it still owes (to_rebill: differences
-- below the price, uncharged events, orphan refunds), so that to_refund −
-- to_rebill = charged − expected (SPEC §6); and its discrepancies per
-- category. The differences within tolerance are in to_refund and
-- to_rebill too (the Summary says how much).
WITH ev AS (
    SELECT account_id, sum(events) AS events,
           sum(expected_credits) AS expected_credits,
           sum(charged_credits) AS charged_credits,
           sum(expected_minutes) AS expected_minutes,
           sum(charged_minutes) AS charged_minutes,
           sum(refund) AS refund,
           sum(rebill) AS rebill
    FROM rc_totals GROUP BY account_id
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
    FROM rc_findings GROUP BY account_id
)
SELECT account_id,
       coalesce(ev.events, 0)::BIGINT AS events,
       coalesce(ev.expected_credits, 0)::DECIMAL(38, 2),
       (coalesce(ev.charged_credits, 0) + coalesce(dis.extra_credits, 0))::DECIMAL(38, 2),
       (coalesce(ev.charged_credits, 0) + coalesce(dis.extra_credits, 0) - coalesce(ev.expected_credits, 0))::DECIMAL(38, 2),
       coalesce(ev.expected_minutes, 0)::BIGINT,
       (coalesce(ev.charged_minutes, 0) + coalesce(dis.extra_minutes, 0))::BIGINT,
       (coalesce(ev.refund, 0) + coalesce(dis.extra_refund, 0))::DECIMAL(38, 2),
       (coalesce(ev.rebill, 0) + coalesce(dis.extra_rebill, 0))::DECIMAL(38, 2),
       coalesce(dis.discrepancies, 0),
       coalesce(dis.overcharged, 0), coalesce(dis.undercharged, 0), coalesce(dis.uncharged, 0),
       coalesce(dis.minutes_mismatch, 0), coalesce(dis.duplicate_event, 0),
       coalesce(dis.orphan_charge, 0), coalesce(dis.duplicate_charge, 0), coalesce(dis.account_mismatch, 0)
FROM ev FULL OUTER JOIN dis USING (account_id)
ORDER BY account_id
