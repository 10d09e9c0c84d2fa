-- report_reject_reasons: the run's rejected rows, render log and ledger,
-- counted by reason code, most first: the Summary's "Rejected rows by
-- reason" and summary.json's rejects_by_reason. $1 run_id.
SELECT reason, count(*) AS n
FROM rejects
WHERE run_id = $1
GROUP BY reason
ORDER BY n DESC, reason
