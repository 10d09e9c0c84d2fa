-- explain_others: the duplicate and rejected rows that carry an event id. $1 event_id.
SELECT 'duplicate' AS what, source_file, row_number, detail
FROM discrepancies WHERE event_id = $1 AND category = 'duplicate_event'
UNION ALL
SELECT 'rejected', source_file, row_number, reason || ': ' || message
FROM rejects WHERE event_id = $1
ORDER BY 1, 2, 3
