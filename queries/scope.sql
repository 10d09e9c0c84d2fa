-- scope: the events a run reconciles, with their current price and what was
-- charged. With a window ($2 from, inclusive; $3 to, exclusive) they are
-- the events created in it, whichever run priced them; without one, the
-- events this run priced ($1 run_id). Charges come from the billing ledger
-- when $4 (the sum of all of an event's ledger rows: refunds are negative),
-- else from the render log's inline columns. rc_scope is a view, not a
-- table: at 10M events a copy would cost more memory than it saves time.
-- A text/template: .Usage is the events at their current price
-- (current_usage, or plain priced_usage when no event was ever re-rated).
CREATE OR REPLACE TEMP TABLE rc_params AS
SELECT CAST($1 AS VARCHAR) AS run_id, CAST($2 AS TIMESTAMP) AS window_from,
       CAST($3 AS TIMESTAMP) AS window_to, CAST($4 AS BOOLEAN) AS ledger
;
CREATE OR REPLACE TEMP TABLE rc_charges AS
SELECT event_id,
       sum(credits) AS credits,
       sum(video_minutes) AS minutes,
       count(*) FILTER (WHERE credits > 0) AS positive_rows,
       count(*) FILTER (WHERE credits < 0) AS refund_rows
FROM ledger
WHERE (SELECT ledger FROM rc_params)
GROUP BY event_id
;
CREATE OR REPLACE TEMP VIEW rc_scope AS
SELECT u.event_id, u.account_id, u.created_at, u.expected_credits, u.expected_video_minutes,
       u.pricebook_version, u.source_file, u.row_number, u.is_late,
       CAST(CASE WHEN p.ledger THEN c.credits ELSE u.charged_credits END AS DECIMAL(18, 2)) AS charged_credits,
       CAST(CASE WHEN p.ledger THEN c.minutes ELSE u.charged_video_minutes END AS BIGINT) AS charged_video_minutes,
       coalesce(c.positive_rows, 0) AS positive_rows,
       coalesce(c.refund_rows, 0) AS refund_rows
FROM {{.Usage}} u
CROSS JOIN rc_params p
LEFT JOIN rc_charges c USING (event_id)
WHERE CASE WHEN p.window_from IS NULL THEN u.run_id = p.run_id
           ELSE u.created_at >= p.window_from AND u.created_at < p.window_to END
