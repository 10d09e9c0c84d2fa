-- description: The month close in one row, as the Summary of a run over
--   that period shows it, from current_usage and findings_latest: events,
--   expected, charged (the events' charges, plus what duplicate rows and
--   orphan ledger charges carried) and net credits, to_refund and to_rebill
--   (their difference is the net), the parts of those within tolerance,
--   leakage (uncharged + undercharged) and its % of expected, video
--   minutes, discrepancy rows, and the charges of no event: orphans and
--   duplicate rows (the Daily sheet leaves those out).
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
), flagged AS (
    -- the events with a credit finding: their differences are not within tolerance
    SELECT DISTINCT event_id FROM f WHERE category IN ('overcharged', 'undercharged', 'uncharged')
), ev AS (
    SELECT count(*) AS events,
           coalesce(sum(expected_credits), 0) AS expected_credits,
           coalesce(sum(charged_credits), 0) AS charged_credits,
           coalesce(sum(expected_video_minutes), 0) AS expected_minutes,
           coalesce(sum(charged_video_minutes), 0) AS charged_minutes,
           coalesce(sum(greatest(diff_credits, 0)), 0) AS refund,
           coalesce(sum(greatest(-diff_credits, 0)), 0) AS rebill,
           coalesce(sum(greatest(diff_credits, 0)) FILTER (WHERE event_id NOT IN (SELECT event_id FROM flagged)), 0) AS refund_within,
           coalesce(sum(greatest(-diff_credits, 0)) FILTER (WHERE event_id NOT IN (SELECT event_id FROM flagged)), 0) AS rebill_within
    FROM current_usage, p
    WHERE p.lo IS NULL OR (created_at >= p.lo AND created_at < p.lo + INTERVAL 1 MONTH)
), x AS (
    SELECT coalesce(sum(coalesce(charged_credits, 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_credits,
           coalesce(sum(coalesce(charged_video_minutes, 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_minutes,
           coalesce(sum(greatest(coalesce(charged_credits, 0), 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_refund,
           coalesce(sum(greatest(-coalesce(charged_credits, 0), 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_rebill,
           coalesce(sum(coalesce(charged_credits, 0)) FILTER (WHERE category = 'duplicate_event'), 0) AS dup_credits,
           coalesce(sum(coalesce(charged_video_minutes, 0)) FILTER (WHERE category = 'duplicate_event'), 0) AS dup_minutes,
           coalesce(-sum(diff_credits) FILTER (WHERE category IN ('uncharged', 'undercharged')), 0) AS leakage,
           count(*) AS discrepancies
    FROM f
)
SELECT ev.events,
       ev.expected_credits::DECIMAL(38, 2) AS expected_credits,
       (ev.charged_credits + x.orphan_credits + x.dup_credits)::DECIMAL(38, 2) AS charged_credits,
       (ev.charged_credits + x.orphan_credits + x.dup_credits - ev.expected_credits)::DECIMAL(38, 2) AS net_credits,
       (ev.refund + x.dup_credits + x.orphan_refund)::DECIMAL(38, 2) AS to_refund,
       (ev.rebill + x.orphan_rebill)::DECIMAL(38, 2) AS to_rebill,
       ev.refund_within::DECIMAL(38, 2) AS refund_within_tolerance,
       ev.rebill_within::DECIMAL(38, 2) AS rebill_within_tolerance,
       x.leakage::DECIMAL(38, 2) AS leakage,
       CASE WHEN ev.expected_credits = 0 THEN NULL
            ELSE round(100 * x.leakage / ev.expected_credits, 1) END AS leakage_pct,
       ev.expected_minutes::BIGINT AS expected_video_minutes,
       (ev.charged_minutes + x.orphan_minutes + x.dup_minutes)::BIGINT AS charged_video_minutes,
       x.discrepancies,
       x.orphan_credits::DECIMAL(38, 2) AS orphan_credits,
       x.dup_credits::DECIMAL(38, 2) AS duplicate_credits
FROM ev, x
