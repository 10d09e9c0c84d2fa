-- description: A run's Patterns sheet (patterns.csv): the systematic causes
--   behind its report's findings, biggest credits moved first, each with
--   the findings it explains exactly, of its group's, and what it moved;
--   the last line holds the findings no pattern explains.
-- param: run=latest a run id (reconcile sql --query runs lists them), or
--   latest: the latest run
WITH r AS (
    SELECT CASE WHEN $run = 'latest' THEN (SELECT run_id FROM runs WHERE kind = 'run' ORDER BY seq DESC LIMIT 1)
                WHEN $run IN (SELECT run_id FROM runs) THEN $run
                ELSE error('--param run=' || $run || ': no such run; reconcile sql --query runs lists them') END AS run_id
)
SELECT p.rank, p.cause, p.events, p.group_findings, p.credits, p.video_minutes, p.rule, p.grp AS "group", p.run_id
FROM patterns p
WHERE p.run_id = (SELECT run_id FROM r)
ORDER BY p.rank
