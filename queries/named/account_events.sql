-- description: The events of one account at their current price (one row per
--   event, after any re-rating), oldest first, with the charge their
--   reconciliation uses (charge_source: ledger, inline or none; the render
--   log's own columns as inline_charged_*) and the difference. entry is
--   usage for the first price, correction for a re-rated one.
-- param: account the account_id
-- param: period= YYYY-MM, or empty for all
WITH p AS (
    SELECT CASE WHEN $period = '' THEN NULL
                WHEN regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') THEN CAST($period || '-01' AS TIMESTAMP)
                ELSE error('--param period=' || $period || ': want YYYY-MM, or empty for all') END AS lo
)
SELECT u.event_id, u.video_id, u.created_at, u.kind, u.media, u.model, u.actor, u.is_ad,
       u.duration_ms, u.images, u.billable_seconds, u.billable_minutes,
       u.generative_credits, u.actor_credits, u.edit_credits, u.expected_credits,
       u.charged_credits, u.diff_credits, u.expected_video_minutes, u.charged_video_minutes,
       u.charge_source, u.inline_charged_credits, u.inline_charged_video_minutes,
       u.pricebook_version, u.entry, u.is_late, u.run_id, u.source_file, u.row_number
FROM current_usage u, p
WHERE u.account_id = $account
  AND (p.lo IS NULL OR (u.created_at >= p.lo AND u.created_at < p.lo + INTERVAL 1 MONTH))
ORDER BY u.created_at, u.event_id
