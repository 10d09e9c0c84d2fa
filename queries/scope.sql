-- scope: the events a run reconciles, with their current price and the
-- charge priced_usage derives for them (one rule for every report and
-- every query: see priced_usage in schema.sql). With a window ($2 from,
-- inclusive; $3 to, exclusive) they are the events created in it,
-- whichever run priced them; with or without one, also the events this run
-- priced ($1 run_id) and those whose ledger rows it read, so that a late
-- event, or a charge that arrives after its event, is reconciled by the run
-- that reads it. in_report marks the events the run's report covers: the
-- window's, or without one all of them. $4 the
-- tolerance in credits, $5 the relative tolerance: a difference is flagged
-- when it exceeds $4 + $5 × |charged|. rc_scope is a view, not a table: at
-- 10M events a copy would cost more memory than it saves time.
-- A text/template: .Usage is the events at their current price
-- (current_usage, or priced_usage's usage rows when no event was ever
-- re-rated).
CREATE OR REPLACE TEMP TABLE rc_params AS
SELECT CAST($1 AS VARCHAR) AS run_id, CAST($2 AS TIMESTAMP) AS window_from,
       CAST($3 AS TIMESTAMP) AS window_to, CAST($4 AS DECIMAL(18, 2)) AS tolerance,
       CAST($5 AS DECIMAL(18, 6)) AS rel_tolerance
;
CREATE OR REPLACE TEMP TABLE rc_ledger_events AS
SELECT DISTINCT event_id FROM ledger WHERE run_id = (SELECT run_id FROM rc_params)
;
CREATE OR REPLACE TEMP VIEW rc_scope AS
WITH s AS (
    SELECT u.event_id, u.account_id, u.created_at, u.expected_credits, u.expected_video_minutes,
           u.pricebook_version, u.source_file, u.row_number, u.is_late, u.charge_source,
           u.charged_credits, u.charged_video_minutes, u.diff_credits AS diff,
           u.charge_source <> 'none' AS charged,
           p.tolerance + p.rel_tolerance * abs(coalesce(u.charged_credits, 0)) AS allowed,
           coalesce(l.positive_rows, 0) AS positive_rows,
           coalesce(l.refund_rows, 0) AS refund_rows,
           l.accounts AS ledger_accounts,
           p.window_from IS NULL OR (u.created_at >= p.window_from AND u.created_at < p.window_to) AS in_report
    FROM {{.Usage}} u
    CROSS JOIN rc_params p
    LEFT JOIN ledger_charges l USING (event_id)
    WHERE (p.window_from IS NOT NULL AND u.created_at >= p.window_from AND u.created_at < p.window_to)
       OR u.run_id = p.run_id
       OR u.event_id IN (SELECT event_id FROM rc_ledger_events)
)
-- credit_category: the event's credit finding; NULL when its difference
-- is within tolerance (or it expects and was charged nothing)
SELECT *,
       CASE WHEN NOT charged AND (expected_credits > 0 OR expected_video_minutes > 0) THEN 'uncharged'
            WHEN NOT charged THEN NULL
            WHEN diff > allowed THEN 'overcharged'
            WHEN -diff > allowed THEN 'undercharged'
       END AS credit_category
FROM s
