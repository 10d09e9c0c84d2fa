-- insert_run: the record of a finished run.
INSERT INTO runs (run_id, kind, started_at, finished_at, status, inputs, ledgers, pricebook_source,
                  pricebook_hash, charge_source, tolerance, rel_tolerance, window_from, window_to,
                  rows_read, priced, rejected, duplicates, ledger_rows, discrepancies, late,
                  reconcile_version, seq)
VALUES ($1, $2, $3, $4, $5, $6::VARCHAR[], $7::VARCHAR[], $8, $9, $10, CAST($11 AS DECIMAL(18, 2)),
        CAST($12 AS DECIMAL(18, 6)), $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
        (SELECT coalesce(max(seq), 0) + 1 FROM runs))
