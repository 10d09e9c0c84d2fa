-- description: The rows one run rejected, counted per input (render_log or
--   ledger) and reason, most first, each with its first row as an example.
-- param: run=latest a run id (reconcile sql --query runs lists them), or
--   latest: the latest run that read render logs or a ledger
WITH p AS (
    SELECT CASE WHEN $run = 'latest' THEN (SELECT run_id FROM runs WHERE len(inputs) + len(ledgers) > 0
                                           ORDER BY seq DESC LIMIT 1)
                WHEN $run IN (SELECT run_id FROM runs) THEN $run
                ELSE error('--param run=' || $run || ': no such run; reconcile sql --query runs lists them') END AS run_id
)
SELECT r.input, r.reason,
       count(*) AS rejects,
       arg_min(r.source_file || ' row ' || r.row_number, (r.source_file, r.row_number)) AS example,
       arg_min(r.message, (r.source_file, r.row_number)) AS example_message
FROM rejects r
WHERE r.run_id = (SELECT run_id FROM p)
GROUP BY r.input, r.reason
ORDER BY rejects DESC, r.input, r.reason
