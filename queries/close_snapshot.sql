-- close_snapshot: what a --period run reports, kept as its close (a
-- template: .Totals, .Categories and .Accounts are the texts of
-- report_totals, report_categories and report_accounts, so the snapshot
-- holds exactly the figures the reports show; also .Days and .Sources,
-- report_days and report_sources). $1 the run's id, $2 the period, $3 the
-- commit time, $4 and $5 the orphans resolved and their credits (as the
-- Summary counts them): the first statement reads them, the others read
-- it. Run after report_findings, inside the run's transaction; close_late
-- and close_sign follow.
CREATE OR REPLACE TEMP TABLE rc_close AS
SELECT CAST($1 AS VARCHAR) AS close_id, CAST($2 AS VARCHAR) AS period, CAST($3 AS TIMESTAMP) AS closed_at,
       CAST($4 AS BIGINT) AS orphans_resolved, CAST($5 AS DECIMAL(38, 2)) AS orphans_resolved_credits
;
INSERT INTO close_days
SELECT (SELECT close_id FROM rc_close), * FROM (
{{.Days}}
)
;
INSERT INTO close_sources
SELECT (SELECT close_id FROM rc_close), * FROM (
{{.Sources}}
)
;
INSERT INTO close_categories
SELECT (SELECT close_id FROM rc_close), * FROM (
{{.Categories}}
)
;
INSERT INTO close_accounts
SELECT (SELECT close_id FROM rc_close), * FROM (
{{.Accounts}}
)
;
-- findings_sha256: over the findings list as the Discrepancies sheet has
-- it, one line per row (DuckDB's text of the row), in the sheet's order
-- (the whole row last, to break any tie).
-- figures_sha256: over the totals, the categories, the accounts and
-- findings_sha256, each as lines of the same kind.
INSERT INTO close_snapshots
WITH t AS (
{{.Totals}}
), f AS (
    SELECT sha256(coalesce(string_agg(r::VARCHAR, chr(10)
                                      ORDER BY account_id, created_at NULLS LAST, event_id, category, source_file, row_number,
                                               r::VARCHAR), '')) AS h
    FROM (SELECT event_id, account_id, created_at, category, expected_credits, charged_credits, diff_credits,
                 expected_video_minutes, charged_video_minutes, detail, source_file, row_number
          FROM rc_findings) r
)
SELECT p.close_id, p.period, p.closed_at, '', f.h, t.*, p.orphans_resolved, p.orphans_resolved_credits
FROM rc_close p, t, f
