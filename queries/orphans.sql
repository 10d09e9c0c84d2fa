-- orphans: ledger charges whose event_id matches no priced event (SPEC §6),
-- one discrepancy per event id with all its rows summed. With a window ($2,
-- $3) the charges made in it; without, the ledger rows this run read ($1).
-- A ledger row for an event that exists, in the window or not, is not an
-- orphan.
INSERT INTO discrepancies (
    event_id, account_id, category, expected_credits, charged_credits, diff_credits,
    expected_video_minutes, charged_video_minutes, detail, run_id, created_at, source_file,
    row_number, conflicting)
SELECT l.event_id, arg_min(l.account_id, l.charged_at), 'orphan_charge',
       0, CAST(sum(l.credits) AS DECIMAL(38, 2)), CAST(sum(l.credits) AS DECIMAL(38, 2)),
       0, CAST(sum(l.video_minutes) AS BIGINT),
       count(*)::VARCHAR || ' ledger row(s), first charged ' || strftime(min(l.charged_at), '%Y-%m-%dT%H:%M:%SZ')
           || ', for an event that was never priced'
           || coalesce('; its render-log row was rejected (' || min(r.reason) || ')', ''),
       $1, NULL, arg_min(l.source_file, l.charged_at), arg_min(l.row_number, l.charged_at), NULL
FROM ledger l
LEFT JOIN (SELECT event_id, min(reason) AS reason FROM rejects
           WHERE input = 'render_log' AND event_id IS NOT NULL GROUP BY event_id) r USING (event_id)
WHERE l.event_id NOT IN (SELECT event_id FROM usage_rows)
  AND CASE WHEN $2 IS NULL THEN l.run_id = $1
           ELSE l.charged_at >= $2 AND l.charged_at < $3 END
GROUP BY l.event_id
