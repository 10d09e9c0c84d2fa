-- findings: the discrepancies of the run's scope (SPEC §6), each with the
-- event's charge as rc_scope derives it. $1 run_id. An event with no
-- charge recorded at all is uncharged, and only that. Minutes are
-- compared exactly. An event with more than one positive ledger row (one
-- that charges credits or video minutes) is also a duplicate_charge; one
-- whose ledger rows charge another account than its own, an
-- account_mismatch (its charge still counts for the event). One pass over
-- the scope: an event's categories are a list, unnested into a row each.
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
WITH flagged AS (
    SELECT *, unnest(list_filter([
               credit_category,
               CASE WHEN charged AND coalesce(charged_video_minutes, 0) <> expected_video_minutes THEN 'minutes_mismatch' END,
               CASE WHEN positive_rows > 1 THEN 'duplicate_charge' END,
               CASE WHEN min_account <> account_id OR max_account <> account_id THEN 'account_mismatch' END
           ], c -> c IS NOT NULL)) AS category
    FROM rc_scope
)
SELECT event_id, account_id, category, expected_credits, charged_credits, diff,
       expected_video_minutes, charged_video_minutes,
       CASE category
       WHEN 'uncharged'
            THEN 'nothing charged' || CASE WHEN charge_source = 'none' AND positive_rows = 0 AND refund_rows = 0
                                               AND EXISTS (SELECT 1 FROM rc_months m WHERE m.month = date_trunc('month', s.created_at))
                                          THEN ' (no ledger row)' ELSE '' END
                 || '; expected ' || expected_credits::VARCHAR || ' credits and '
                 || expected_video_minutes::VARCHAR || ' video minutes'
       WHEN 'minutes_mismatch'
            THEN 'charged ' || coalesce(charged_video_minutes, 0)::VARCHAR || ' video minutes (' || charge_source
                 || '), expected ' || expected_video_minutes::VARCHAR
       WHEN 'duplicate_charge'
            THEN positive_rows::VARCHAR || ' charges and ' || refund_rows::VARCHAR || ' refunds in the ledger; net '
                 || coalesce(charged_credits, 0)::VARCHAR || ' credits and ' || coalesce(charged_video_minutes, 0)::VARCHAR
                 || ' video minutes for an expected ' || expected_credits::VARCHAR || ' and '
                 || expected_video_minutes::VARCHAR
       WHEN 'account_mismatch'
            THEN 'ledger rows charged to ' || CASE WHEN min_account = max_account THEN min_account
                                                   ELSE min_account || ' … ' || max_account END
                 || '; the event is ' || account_id || '''s (the charge counts for the event)'
       ELSE 'charged ' || coalesce(charged_credits, 0)::VARCHAR || ' (' || charge_source || '), expected '
                 || expected_credits::VARCHAR || ': ' || abs(diff)::VARCHAR
                 || CASE WHEN diff > 0 THEN ' over' ELSE ' under' END
                 || ' (tolerance ' || CAST(allowed AS DECIMAL(18, 2))::VARCHAR || ')'
       END,
       $1, created_at, source_file, row_number, NULL
FROM flagged s
