-- report_totals: the Summary's totals: the scope's events, plus what
-- duplicate rows and orphan charges carried, so that charged − expected
-- equals the sum of the differences and to_refund − to_rebill. One pass
-- over each. Columns: expected, charged credits; expected, charged
-- minutes; versions; events; to_refund, to_rebill and their parts within
-- tolerance; orphan credits and minutes; duplicate credits and minutes;
-- leakage; discrepancy rows and the distinct events among them.
WITH s AS (
    SELECT coalesce(sum(expected_credits), 0) AS expected_credits,
           coalesce(sum(charged_credits), 0) AS charged_credits,
           coalesce(sum(expected_minutes), 0) AS expected_minutes,
           coalesce(sum(charged_minutes), 0) AS charged_minutes,
           coalesce(string_agg(DISTINCT pricebook_version, ', ' ORDER BY pricebook_version), '') AS versions,
           coalesce(sum(events), 0) AS events,
           coalesce(sum(refund), 0) AS refund,
           coalesce(sum(rebill), 0) AS rebill,
           coalesce(sum(refund_within), 0) AS refund_within,
           coalesce(sum(rebill_within), 0) AS rebill_within
    FROM rc_totals
), f AS (
    SELECT coalesce(sum(coalesce(charged_credits, 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_credits,
           coalesce(sum(coalesce(charged_video_minutes, 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_minutes,
           coalesce(sum(greatest(coalesce(charged_credits, 0), 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_refund,
           coalesce(sum(greatest(-coalesce(charged_credits, 0), 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_rebill,
           coalesce(sum(coalesce(charged_credits, 0)) FILTER (WHERE category = 'duplicate_event'), 0) AS dup_credits,
           coalesce(sum(coalesce(charged_video_minutes, 0)) FILTER (WHERE category = 'duplicate_event'), 0) AS dup_minutes,
           coalesce(-sum(diff_credits) FILTER (WHERE category IN ('uncharged', 'undercharged')), 0) AS leakage,
           count(*) AS rows,
           count(DISTINCT event_id) FILTER (WHERE category NOT IN ('duplicate_event', 'orphan_charge')) AS events
    FROM rc_findings
)
SELECT s.expected_credits::DECIMAL(38, 2),
       (s.charged_credits + f.orphan_credits + f.dup_credits)::DECIMAL(38, 2),
       s.expected_minutes::BIGINT,
       (s.charged_minutes + f.orphan_minutes + f.dup_minutes)::BIGINT,
       s.versions,
       s.events,
       (s.refund + f.dup_credits + f.orphan_refund)::DECIMAL(38, 2),
       (s.rebill + f.orphan_rebill)::DECIMAL(38, 2),
       s.refund_within::DECIMAL(38, 2),
       s.rebill_within::DECIMAL(38, 2),
       f.orphan_credits::DECIMAL(38, 2),
       f.orphan_minutes::BIGINT,
       f.dup_credits::DECIMAL(38, 2),
       f.dup_minutes::BIGINT,
       f.leakage::DECIMAL(38, 2),
       f.rows,
       f.events
FROM s, f
