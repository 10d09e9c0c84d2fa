-- report_totals: the Summary's totals: the scope's events, plus what
-- duplicate rows and orphan charges carried, so that charged − expected
-- equals the sum of the differences.
SELECT
    (SELECT coalesce(sum(expected_credits), 0) FROM rc_scope)::DECIMAL(38, 2) AS expected_credits,
    ((SELECT coalesce(sum(coalesce(charged_credits, 0)), 0) FROM rc_scope)
     + (SELECT coalesce(sum(coalesce(charged_credits, 0)), 0) FROM rc_findings
        WHERE category IN ('duplicate_event', 'orphan_charge')))::DECIMAL(38, 2) AS charged_credits,
    (SELECT coalesce(sum(expected_video_minutes), 0) FROM rc_scope)::BIGINT AS expected_minutes,
    ((SELECT coalesce(sum(coalesce(charged_video_minutes, 0)), 0) FROM rc_scope)
     + (SELECT coalesce(sum(coalesce(charged_video_minutes, 0)), 0) FROM rc_findings
        WHERE category IN ('duplicate_event', 'orphan_charge')))::BIGINT AS charged_minutes,
    (SELECT coalesce(string_agg(DISTINCT pricebook_version, ', ' ORDER BY pricebook_version), '') FROM rc_scope) AS versions,
    (SELECT count(*) FROM rc_scope) AS events
