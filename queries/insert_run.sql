-- insert_run: the record of a finished run.
INSERT INTO runs (run_id, started_at, finished_at, status, inputs, pricebook_source,
                  pricebook_hash, charge_source, tolerance, rows_read, priced, rejected,
                  duplicates, discrepancies, reconcile_version)
VALUES ($1, $2, $3, $4, $5::VARCHAR[], $6, $7, $8, CAST($9 AS DECIMAL(18, 2)), $10, $11, $12, $13, $14, $15)
