-- explain_findings: the findings of the latest run that reconciled an event
-- (findings_latest), but duplicate_event, whose rows explain_others lists,
-- and orphan_charge, a charge of no event. $1 event_id.
SELECT category, detail, run_id FROM findings_latest
WHERE event_id = $1 AND category NOT IN ('duplicate_event', 'orphan_charge')
ORDER BY category
