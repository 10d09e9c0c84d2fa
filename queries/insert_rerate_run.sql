-- insert_rerate_run: the record of a re-rating: rows_read is the events it
-- examined, priced the events whose price it corrected.
INSERT INTO runs (run_id, kind, started_at, finished_at, status, inputs, pricebook_source,
                  pricebook_hash, charge_source, tolerance, window_from, window_to,
                  rows_read, priced, rejected, duplicates, discrepancies, reconcile_version, seq)
VALUES ($1, 'rerate', $2, $3, 'succeeded', [], $4, $5, '', 0, $6, $7, $8, $9, 0, 0, 0, $10,
        (SELECT coalesce(max(seq), 0) + 1 FROM runs))
