-- findings: the discrepancies of the run's scope (SPEC §6), each with the
-- event's charge as rc_scope derives it, and the scope's totals, in one
-- pass over the scope. $1 run_id. An event with no
-- charge recorded at all is uncharged, and only that. Minutes are
-- compared exactly. An event with more than one positive ledger row (one
-- that charges credits or video minutes) is also a duplicate_charge; one
-- whose ledger rows charge another account than its own, an
-- account_mismatch (its charge still counts for the event). An event's
-- categories are a list, unnested into a row each.
--
-- rc_pass: the scope summed by report membership, account, UTC day,
-- price-book version and charge source (rc_totals, in report_findings, is
-- its in_report part), each group holding the few events that have
-- findings as a list. Reading the scope once for both halved the
-- reconciling time of a 10M-event run: a pass over rc_scope joins every
-- event with the ledger's sums, and the findings are a few percent of it.
-- refund and rebill split every event's difference by sign (SPEC §6:
-- to_refund − to_rebill = charged − expected); the *_within parts are the
-- differences within tolerance, which are not findings.
SET disabled_optimizers = 'common_subplan'
;
CREATE OR REPLACE TEMP TABLE rc_pass AS
WITH f AS (
    -- each finding's condition, once: an event with any of them is
    -- flagged, and its categories list the ones that hold
    SELECT *,
           charged AND coalesce(charged_video_minutes, 0) <> expected_video_minutes AS minutes_differ,
           positive_rows > 1 AS charged_twice,
           min_account <> account_id OR max_account <> account_id AS other_account
    FROM rc_scope
), e AS (
    -- the flagged events' fields, built only for them (a CASE evaluates
    -- its branch for the rows it selects), with what the findings' details
    -- say
    SELECT *,
           CASE WHEN credit_category IS NOT NULL OR minutes_differ OR charged_twice OR other_account THEN {
               'event_id': event_id, 'account_id': account_id, 'created_at': created_at,
               'expected_credits': expected_credits, 'charged_credits': charged_credits, 'diff': diff,
               'expected_video_minutes': expected_video_minutes, 'charged_video_minutes': charged_video_minutes,
               'charge_source': charge_source, 'positive_rows': positive_rows, 'refund_rows': refund_rows,
               'min_account': min_account, 'max_account': max_account, 'allowed': allowed,
               'source_file': source_file, 'row_number': row_number,
               'categories': list_filter([
                   credit_category,
                   CASE WHEN minutes_differ THEN 'minutes_mismatch' END,
                   CASE WHEN charged_twice THEN 'duplicate_charge' END,
                   CASE WHEN other_account THEN 'account_mismatch' END
               ], c -> c IS NOT NULL)}
           END AS event
    FROM f
)
SELECT in_report, account_id, date_trunc('day', created_at) AS day, pricebook_version, charge_source,
       count(*) AS events,
       sum(expected_credits) AS expected_credits,
       sum(coalesce(charged_credits, 0)) AS charged_credits,
       sum(expected_video_minutes) AS expected_minutes,
       sum(coalesce(charged_video_minutes, 0)) AS charged_minutes,
       sum(greatest(diff, 0)) AS refund,
       sum(greatest(-diff, 0)) AS rebill,
       coalesce(sum(greatest(diff, 0)) FILTER (WHERE credit_category IS NULL), 0) AS refund_within,
       coalesce(sum(greatest(-diff, 0)) FILTER (WHERE credit_category IS NULL), 0) AS rebill_within,
       list(event) FILTER (WHERE event IS NOT NULL) AS flagged
FROM e
GROUP BY ALL
;
RESET disabled_optimizers
;
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
WITH events AS (
    SELECT unnest(e) FROM (SELECT unnest(flagged) AS e FROM rc_pass WHERE flagged IS NOT NULL)
), flagged AS (
    SELECT *, unnest(categories) AS category FROM events
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
