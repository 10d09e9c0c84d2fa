-- report_totals: the Summary's totals for one run. Charged credits count
-- the run's events and the charges that duplicate rows carried. $1 run_id.
SELECT
    coalesce(sum(expected_credits), 0)::DECIMAL(38, 2) AS expected_credits,
    coalesce(sum(coalesce(charged_credits, 0)), 0)::DECIMAL(38, 2)
        + (SELECT coalesce(sum(coalesce(charged_credits, 0)), 0) FROM discrepancies
           WHERE run_id = $1 AND category = 'duplicate_event')::DECIMAL(38, 2) AS charged_credits,
    coalesce(sum(expected_video_minutes), 0)::BIGINT AS expected_minutes,
    (coalesce(sum(coalesce(charged_video_minutes, 0)), 0)
        + (SELECT coalesce(sum(coalesce(charged_video_minutes, 0)), 0) FROM discrepancies
           WHERE run_id = $1 AND category = 'duplicate_event'))::BIGINT AS charged_minutes,
    coalesce(string_agg(DISTINCT pricebook_version, ', ' ORDER BY pricebook_version), '') AS versions
FROM priced_usage
WHERE run_id = $1
