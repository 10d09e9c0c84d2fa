-- scope: the events a run reconciles, with their current price and their
-- charge by the rule every report and query uses (charge_source_of and
-- charged_of in schema.sql; the ledger's sums are read once, into
-- rc_charges and rc_months, for the passes over the scope). With a window ($2 from,
-- inclusive; $3 to, exclusive) they are the events created in it,
-- whichever run priced them; with or without one, also the events this run
-- priced ($1 run_id) and those whose ledger rows it read, so that a late
-- event, or a charge that arrives after its event, is reconciled by the run
-- that reads it. in_report marks the events the run's report covers: the
-- window's, or without one all of them. $4 the
-- tolerance in credits, $5 the relative tolerance: a difference is flagged
-- when it exceeds $4 + $5 × |charged|. rc_scope is a view, read once, by
-- the findings' pass, which also sums it for the totals (rc_pass), and
-- again by report_resolved, only when an earlier run listed orphan charges. Materialised, 10M events
-- took 5 s to write and spilled past --memory-limit, and every later read
-- came back from the spill; a pass over the view joins the events with the
-- ledger's sums again, which costs less than that.
-- A text/template: the events at their current price are current_entries
-- when an event was ever re-rated (.Corrected), else usage_entries' usage
-- rows. A run without a window (.Narrow: the nightly run) reads only its
-- own rows, and those of the events whose ledger rows it read (.LedgerNow);
-- its run id is a literal there (.RunID), so that DuckDB takes this run's
-- batches as the small side of the join and skips every row group of
-- usage_rows outside their batch ids (a dynamic filter on the scan); read
-- through rc_params, the same filter came after the join, over all the
-- database's rows, twice per run.
--
-- .Slices: the usage rows are read as that many slices by row number,
-- UNION ALL, one per DuckDB thread. DuckDB gives a table scan as many
-- threads as the table's committed rows fill row groups (committed rows ÷
-- 122,880 + 1), and a run's own rows are not committed yet: on a new
-- database every pass over them ran on one thread (rc_pass at 10M events:
-- 4.5 s, against 2.3 s once the same rows were committed). Each slice is a
-- pipeline of its own, and the slices run side by side.
CREATE OR REPLACE TEMP TABLE rc_params AS
SELECT CAST($1 AS VARCHAR) AS run_id, CAST($2 AS TIMESTAMP) AS window_from,
       CAST($3 AS TIMESTAMP) AS window_to, CAST($4 AS DECIMAL(18, 2)) AS tolerance,
       CAST($5 AS DECIMAL(18, 6)) AS rel_tolerance
;
-- read_now: the event has ledger rows this run read
CREATE OR REPLACE TEMP TABLE rc_charges AS
SELECT c.*, c.event_id IN (SELECT event_id FROM ledger WHERE run_id = (SELECT run_id FROM rc_params)) AS read_now
FROM ledger_charges c
;
CREATE OR REPLACE TEMP TABLE rc_months AS SELECT * FROM ledger_months
;
CREATE OR REPLACE TEMP VIEW rc_scope AS
WITH c AS (
    SELECT u.event_id, u.account_id, u.created_at, u.expected_credits, u.expected_video_minutes,
           u.pricebook_version, u.source_file, u.row_number, u.is_late,
           charge_source_of(l.event_id IS NOT NULL, m.month IS NOT NULL,
                            u.inline_charged_credits, u.inline_charged_video_minutes) AS charge_source,
           l.credits AS ledger_credits, l.video_minutes AS ledger_minutes,
           u.inline_charged_credits, u.inline_charged_video_minutes,
           coalesce(l.positive_rows, 0) AS positive_rows,
           coalesce(l.refund_rows, 0) AS refund_rows,
           l.min_account, l.max_account,
           p.window_from IS NULL OR (u.created_at >= p.window_from AND u.created_at < p.window_to) AS in_report,
           p.tolerance, p.rel_tolerance
    FROM {{if .Corrected}}current_entries{{else if .Narrow}}(
        {{- range $i, $n := .Slices}}{{if $i}}
        UNION ALL{{end}}
        SELECT * FROM usage_entries WHERE entry = 'usage' AND run_id = {{lit $.RunID}} AND row_number % {{len $.Slices}} = {{$i}}
        {{- end}}
        {{- if .LedgerNow}}
        UNION ALL
        SELECT * FROM usage_entries
        WHERE entry = 'usage' AND run_id <> {{lit .RunID}}
          AND event_id IN (SELECT event_id FROM rc_charges WHERE read_now)
        {{- end}}
    ){{else}}(
        {{- range $i, $n := .Slices}}{{if $i}}
        UNION ALL{{end}}
        SELECT * FROM usage_entries WHERE entry = 'usage' AND row_number % {{len $.Slices}} = {{$i}}
        {{- end}}
    ){{end}} u
    CROSS JOIN rc_params p
    LEFT JOIN rc_charges l ON l.event_id = u.event_id
    LEFT JOIN rc_months m ON m.month = date_trunc('month', u.created_at)
    WHERE (p.window_from IS NOT NULL AND u.created_at >= p.window_from AND u.created_at < p.window_to)
       OR u.run_id = p.run_id
       OR l.read_now
), s AS (
    SELECT * EXCLUDE (ledger_credits, ledger_minutes, inline_charged_credits, inline_charged_video_minutes,
                      tolerance, rel_tolerance),
           CAST(charged_of(charge_source, ledger_credits, inline_charged_credits) AS DECIMAL(38, 2)) AS charged_credits,
           CAST(charged_of(charge_source, ledger_minutes, inline_charged_video_minutes) AS BIGINT) AS charged_video_minutes,
           CAST(coalesce(charged_of(charge_source, ledger_credits, inline_charged_credits), 0) - expected_credits
                AS DECIMAL(38, 2)) AS diff,
           charge_source <> 'none' AS charged,
           tolerance + rel_tolerance * abs(coalesce(charged_of(charge_source, ledger_credits, inline_charged_credits), 0)) AS allowed
    FROM c
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
