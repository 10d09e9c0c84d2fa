-- scope: the events a run reconciles, with their current price and what was
-- charged. With a window ($2 from, inclusive; $3 to, exclusive) they are
-- the events created in it, whichever run priced them; without one, the
-- events this run priced ($1 run_id). Charges come from the billing ledger
-- when $4 (the sum of all of an event's ledger rows: refunds are negative),
-- else from the render log's inline columns.
CREATE OR REPLACE TEMP TABLE rc_scope AS
WITH charges AS (
    SELECT event_id,
           sum(credits) AS credits,
           sum(video_minutes) AS minutes,
           count(*) FILTER (WHERE credits > 0) AS positive_rows,
           count(*) FILTER (WHERE credits < 0) AS refund_rows
    FROM ledger
    WHERE $4
    GROUP BY event_id
)
SELECT u.event_id, u.account_id, u.created_at, u.expected_credits, u.expected_video_minutes,
       u.pricebook_version, u.source_file, u.row_number, u.is_late,
       CAST(CASE WHEN $4 THEN c.credits ELSE u.charged_credits END AS DECIMAL(18, 2)) AS charged_credits,
       CAST(CASE WHEN $4 THEN c.minutes ELSE u.charged_video_minutes END AS BIGINT) AS charged_video_minutes,
       coalesce(c.positive_rows, 0) AS positive_rows,
       coalesce(c.refund_rows, 0) AS refund_rows
FROM current_usage u
LEFT JOIN charges c USING (event_id)
WHERE CASE WHEN $2 IS NULL THEN u.run_id = $1
           ELSE u.created_at >= $2 AND u.created_at < $3 END
