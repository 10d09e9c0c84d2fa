-- report_accounts: the Accounts sheet of a run: per account, its events'
-- totals, what to refund (overcharges and charged duplicates) and what to
-- re-bill (undercharges and uncharged events). $1 run_id.
WITH ev AS (
    SELECT account_id, count(*) AS events,
           sum(expected_credits) AS expected_credits,
           sum(coalesce(charged_credits, 0)) AS charged_credits,
           sum(expected_video_minutes) AS expected_minutes,
           sum(coalesce(charged_video_minutes, 0)) AS charged_minutes
    FROM priced_usage WHERE run_id = $1 GROUP BY account_id
), dis AS (
    SELECT account_id, count(*) AS discrepancies,
           sum(CASE WHEN category IN ('overcharged', 'duplicate_event') AND diff_credits > 0 THEN diff_credits ELSE 0 END) AS to_refund,
           sum(CASE WHEN category IN ('undercharged', 'uncharged') THEN -diff_credits ELSE 0 END) AS to_rebill,
           sum(CASE WHEN category = 'duplicate_event' THEN coalesce(charged_credits, 0) ELSE 0 END) AS dup_credits,
           sum(CASE WHEN category = 'duplicate_event' THEN coalesce(charged_video_minutes, 0) ELSE 0 END) AS dup_minutes
    FROM discrepancies WHERE run_id = $1 GROUP BY account_id
)
SELECT account_id,
       coalesce(ev.events, 0) AS events,
       coalesce(ev.expected_credits, 0)::DECIMAL(38, 2) AS expected_credits,
       (coalesce(ev.charged_credits, 0) + coalesce(dis.dup_credits, 0))::DECIMAL(38, 2) AS charged_credits,
       (coalesce(ev.charged_credits, 0) + coalesce(dis.dup_credits, 0) - coalesce(ev.expected_credits, 0))::DECIMAL(38, 2) AS diff_credits,
       coalesce(ev.expected_minutes, 0)::BIGINT AS expected_minutes,
       (coalesce(ev.charged_minutes, 0) + coalesce(dis.dup_minutes, 0))::BIGINT AS charged_minutes,
       coalesce(dis.to_refund, 0)::DECIMAL(38, 2) AS to_refund,
       coalesce(dis.to_rebill, 0)::DECIMAL(38, 2) AS to_rebill,
       coalesce(dis.discrepancies, 0) AS discrepancies
FROM ev FULL OUTER JOIN dis USING (account_id)
ORDER BY account_id
