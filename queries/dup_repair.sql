-- dup_repair: put back in their files' usage batches the rows that
-- insert_priced set apart only because their id shares its rc_id_hash with
-- a repeated one (rc_id_shared, from dup_rows). Run only when there are
-- any: an UPDATE of usage_rows makes DuckDB rewrite what the run stored at
-- its commit, and this one reads all of it.
UPDATE usage_rows u SET batch_id = b.batch_id
FROM rc_id_shared d, rc_batches b
WHERE b.file_id = d.file_id AND u.batch_id = b.dup_batch_id AND u.row_number = d.row_number
;
-- and, as insert_priced does, keep no duplicate batch that this left empty
DELETE FROM usage_batches
WHERE batch_id IN (SELECT b.dup_batch_id FROM rc_batches b JOIN rc_id_shared d ON d.file_id = b.file_id)
  AND batch_id NOT IN (SELECT DISTINCT batch_id FROM usage_rows
                       WHERE batch_id IN (SELECT dup_batch_id FROM rc_batches))
;
UPDATE rc_dup_rows SET duplicate = false
WHERE (file_id, row_number) IN (SELECT (file_id, row_number) FROM rc_id_shared)
