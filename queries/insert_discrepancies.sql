-- insert_discrepancies: the run's events whose charge differs from their
-- price (SPEC §6). $1 run_id, $2 tolerance in credits. A difference equal
-- to the tolerance is not flagged. An event with no charge recorded at all
-- is uncharged, and only that. Minutes are compared exactly.
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
SELECT event_id, account_id, category, expected_credits, charged_credits, diff_credits,
       expected_video_minutes, charged_video_minutes, detail, run_id, created_at,
       source_file, row_number, NULL
FROM (
    SELECT *,
        CASE
            WHEN NOT charged AND (expected_credits > 0 OR expected_video_minutes > 0) THEN 'uncharged'
            WHEN NOT charged THEN NULL
            WHEN diff_credits > tolerance THEN 'overcharged'
            WHEN -diff_credits > tolerance THEN 'undercharged'
        END AS category,
        CASE
            WHEN NOT charged THEN 'nothing charged; expected ' || expected_credits::VARCHAR || ' credits and '
                 || expected_video_minutes::VARCHAR || ' video minutes'
            ELSE 'charged ' || coalesce(charged_credits, 0)::VARCHAR || ', expected ' || expected_credits::VARCHAR
                 || ': ' || abs(diff_credits)::VARCHAR || CASE WHEN diff_credits > 0 THEN ' over' ELSE ' under' END
        END AS detail
    FROM (
        SELECT *, CAST($2 AS DECIMAL(18, 2)) AS tolerance,
               charged_credits IS NOT NULL OR charged_video_minutes IS NOT NULL AS charged
        FROM priced_usage WHERE run_id = $1
    )
)
WHERE category IS NOT NULL
UNION ALL
SELECT event_id, account_id, 'minutes_mismatch', expected_credits, charged_credits, diff_credits,
       expected_video_minutes, charged_video_minutes,
       'charged ' || coalesce(charged_video_minutes, 0)::VARCHAR || ' video minutes, expected '
           || expected_video_minutes::VARCHAR,
       run_id, created_at, source_file, row_number, NULL
FROM priced_usage
WHERE run_id = $1
  AND (charged_credits IS NOT NULL OR charged_video_minutes IS NOT NULL)
  AND coalesce(charged_video_minutes, 0) <> expected_video_minutes
