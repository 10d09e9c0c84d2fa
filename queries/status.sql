-- status: the last runs, newest first. $1 how many.
SELECT run_id, kind, status, strftime(started_at, '%Y-%m-%d %H:%M:%S'),
       coalesce(printf('%.1f', seconds), ''),
       len(inputs) + len(ledgers), rows_read, priced, rejected, duplicates, ledger_rows,
       discrepancies, late,
       coalesce(strftime(window_from, '%Y-%m-%d') || '..' || strftime(window_to - INTERVAL 1 DAY, '%Y-%m-%d'), '')
FROM runs
ORDER BY seq DESC
LIMIT $1
