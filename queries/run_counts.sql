-- run_counts: where every input row of the run ended (SPEC §2): rows read,
-- priced, rejected, recorded as duplicates. $1 run_id.
SELECT
    (SELECT count(*) FROM rc_input) + (SELECT count(*) FROM rc_malformed) AS rows_read,
    (SELECT count(*) FROM priced_usage WHERE run_id = $1) AS priced,
    (SELECT count(*) FROM rejects WHERE run_id = $1) AS rejected,
    (SELECT count(*) FROM discrepancies WHERE run_id = $1 AND category = 'duplicate_event') AS duplicates,
    (SELECT count(*) FROM discrepancies WHERE run_id = $1) AS discrepancies
