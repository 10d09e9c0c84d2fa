-- dup_rows: the rows of every id that is not unique, read back from what
-- insert_priced stored (the input is not read again), with their place
-- among the rows of that id (file order, then row: the first is the event),
-- whether an earlier run priced the id, and whether insert_priced stored
-- the row as a duplicate (dup_check then checks that rule and counts the
-- duplicates). Run only when some id repeats or an earlier run priced one.
CREATE OR REPLACE TEMP TABLE rc_run_batches AS
SELECT batch_id, file_id, false AS duplicate FROM rc_batches
UNION ALL
SELECT dup_batch_id, file_id, true FROM rc_batches
;
-- Those rows are the run's duplicate batches (every later row of a repeated
-- id, every row of an id an earlier run priced) and, in its usage
-- batches, the first row of each repeated id, found by its place
-- (rc_dup_ids.first_row: file and row number) rather than by its id: an
-- integer join over the stored rows instead of a string one.
CREATE OR REPLACE TEMP TABLE rc_dup_rows AS
WITH r AS (
    SELECT u.*, b.file_id, b.duplicate
    FROM usage_rows u JOIN rc_run_batches b ON b.batch_id = u.batch_id
    WHERE b.duplicate
       OR b.file_id::BIGINT * 4294967296 + u.row_number IN (SELECT first_row FROM rc_dup_ids WHERE first_row IS NOT NULL)
)
SELECT u.file_id, u.event_id, u.video_id, u.account_id, u.created_at,
       p.kind, p.media, p.model, p.actor, p.is_ad, u.duration_ms, p.images,
       u.inline_charged_credits AS charged_credits, u.inline_charged_video_minutes AS charged_video_minutes,
       u.row_number, u.duplicate,
       row_number() OVER (PARTITION BY u.event_id ORDER BY u.file_id, u.row_number) AS occurrence,
       u.event_id IN (SELECT event_id FROM rc_seen_ids) AS seen_before
FROM r u
JOIN usage_prices p ON p.price_id = u.price_id
;
-- The rows insert_priced set apart only because their id shares its
-- rc_id_hash with a repeated one: each is its id's first row, an event.
-- Almost always none; dup_repair puts them back when there are any.
CREATE OR REPLACE TEMP TABLE rc_id_shared AS
SELECT file_id, row_number FROM rc_dup_rows
WHERE duplicate AND NOT (occurrence > 1 OR seen_before)
