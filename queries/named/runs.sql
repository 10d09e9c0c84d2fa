-- description: The latest runs, newest first: kind, status, when, the report
--   window, what each read and found, and its inputs.
-- param: limit=20 how many runs to list
WITH p AS (
    SELECT CASE WHEN regexp_full_match($limit, '[0-9]{1,9}') THEN CAST($limit AS BIGINT)
                ELSE error('--param limit=' || $limit || ': want a whole number') END AS n
)
SELECT run_id, kind, status, started_at, finished_at, window_from, window_to,
       rows_read, priced, rejected, duplicates, late, discrepancies, ledger_rows,
       charge_source, pricebook_source,
       array_to_string(inputs, ' ') AS inputs
FROM runs
ORDER BY seq DESC
LIMIT (SELECT n FROM p)
