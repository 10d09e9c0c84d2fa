-- close_snapshot: what a --period run reports, kept as its close (a
-- template: .Totals, .Categories and .Accounts are the texts of
-- report_totals, report_categories and report_accounts, so the snapshot
-- holds exactly the figures the reports show). $1 the run's id, $2 the
-- period, $3 the commit time: the first statement reads them, the others
-- read it. Run after report_findings, inside the run's transaction.
CREATE OR REPLACE TEMP TABLE rc_close AS
SELECT CAST($1 AS VARCHAR) AS close_id, CAST($2 AS VARCHAR) AS period, CAST($3 AS TIMESTAMP) AS closed_at
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
-- it, one line per row (DuckDB's text of the row), in one order.
-- figures_sha256: over the totals, the categories, the accounts and
-- findings_sha256, each as lines of the same kind.
INSERT INTO close_snapshots
WITH t AS (
{{.Totals}}
), f AS (
    SELECT sha256(coalesce(string_agg(r::VARCHAR, chr(10) ORDER BY r::VARCHAR), '')) AS h
    FROM (SELECT event_id, account_id, created_at, category, expected_credits, charged_credits, diff_credits,
                 expected_video_minutes, charged_video_minutes, detail, source_file, row_number
          FROM rc_findings) r
)
SELECT p.close_id, p.period, p.closed_at, '', f.h, t.*
FROM rc_close p, t, f
;
UPDATE close_snapshots
SET figures_sha256 = sha256(
        (SELECT r::VARCHAR FROM (SELECT * EXCLUDE (close_id, closed_at, figures_sha256) FROM close_snapshots
                                 WHERE close_id = (SELECT close_id FROM rc_close)) r)
        || chr(10) || (SELECT coalesce(string_agg(c::VARCHAR, chr(10) ORDER BY c.category), '')
                       FROM (SELECT * EXCLUDE (close_id) FROM close_categories WHERE close_id = (SELECT close_id FROM rc_close)) c)
        || chr(10) || (SELECT coalesce(string_agg(a::VARCHAR, chr(10) ORDER BY a.account_id), '')
                       FROM (SELECT * EXCLUDE (close_id) FROM close_accounts WHERE close_id = (SELECT close_id FROM rc_close)) a))
WHERE close_id = (SELECT close_id FROM rc_close)
