-- findings: the discrepancies of the run's scope (SPEC §6). $1 run_id, $2
-- tolerance (credits), $3 relative tolerance, $4 whether charges come from
-- the ledger. A difference is flagged when it exceeds $2 + $3 × |charged|;
-- one equal to that is not. An event with no charge recorded at all is
-- uncharged, and only that. Minutes are compared exactly. In ledger mode an
-- event with more than one positive ledger row is also a duplicate_charge.
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
WITH s AS (
    SELECT *,
        CAST(coalesce(charged_credits, 0) - expected_credits AS DECIMAL(18, 2)) AS diff,
        charged_credits IS NOT NULL OR charged_video_minutes IS NOT NULL AS charged,
        CAST($2 AS DECIMAL(18, 2)) + CAST($3 AS DECIMAL(18, 6)) * abs(coalesce(charged_credits, 0)) AS allowed
    FROM rc_scope
), credit AS (
    SELECT *,
        CASE
            WHEN NOT charged AND (expected_credits > 0 OR expected_video_minutes > 0) THEN 'uncharged'
            WHEN NOT charged THEN NULL
            WHEN diff > allowed THEN 'overcharged'
            WHEN -diff > allowed THEN 'undercharged'
        END AS category
    FROM s
)
SELECT event_id, account_id, category, expected_credits, charged_credits, diff,
       expected_video_minutes, charged_video_minutes,
       CASE WHEN category = 'uncharged'
            THEN 'nothing charged; expected ' || expected_credits::VARCHAR || ' credits and '
                 || expected_video_minutes::VARCHAR || ' video minutes'
            ELSE 'charged ' || coalesce(charged_credits, 0)::VARCHAR || ', expected ' || expected_credits::VARCHAR
                 || ': ' || abs(diff)::VARCHAR || CASE WHEN diff > 0 THEN ' over' ELSE ' under' END
                 || ' (tolerance ' || CAST(allowed AS DECIMAL(18, 2))::VARCHAR || ')'
       END,
       $1, created_at, source_file, row_number, NULL
FROM credit WHERE category IS NOT NULL
UNION ALL
SELECT event_id, account_id, 'minutes_mismatch', expected_credits, charged_credits, diff,
       expected_video_minutes, charged_video_minutes,
       'charged ' || coalesce(charged_video_minutes, 0)::VARCHAR || ' video minutes, expected '
           || expected_video_minutes::VARCHAR,
       $1, created_at, source_file, row_number, NULL
FROM s
WHERE charged AND coalesce(charged_video_minutes, 0) <> expected_video_minutes
UNION ALL
SELECT event_id, account_id, 'duplicate_charge', expected_credits, charged_credits, diff,
       expected_video_minutes, charged_video_minutes,
       positive_rows::VARCHAR || ' charges and ' || refund_rows::VARCHAR || ' refunds in the ledger; net '
           || coalesce(charged_credits, 0)::VARCHAR || ' for an expected ' || expected_credits::VARCHAR,
       $1, created_at, source_file, row_number, NULL
FROM s
WHERE $4 AND positive_rows > 1
