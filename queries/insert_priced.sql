-- insert_priced: the run's good rows with their prices, stored narrow
-- (schema.sql, usage_entries): two batches per render log of the run in
-- usage_batches, one for its events (entry usage) and one for its
-- duplicate rows (entry duplicate, which usage_entries leaves out), each
-- price not stored before in usage_prices, and per row its own facts and
-- the two ids in usage_rows. A row is a duplicate when its id repeats and
-- it is not the id's first row, or an earlier run priced the id
-- (rc_dup_ids, from the scan and seen_before, by rc_id_hash; dup_rows puts
-- back a row that only shares its id's number): storing the duplicates here
-- spares dup_rows a second pass over the input. An event created in a
-- month that an earlier run closed is late. $1 run_id, $2 price book hash;
-- the first statement reads them, the others read it. The good rows are
-- those the scan did not find breaking a rule (rc_bad_rows, by place).
CREATE OR REPLACE TEMP TABLE rc_insert_params AS
SELECT CAST($1 AS VARCHAR) AS run_id, CAST($2 AS VARCHAR) AS pricebook_hash
;
-- The run's render logs, numbered after the batches stored before.
CREATE OR REPLACE TEMP TABLE rc_batches AS
SELECT f.file_id, f.path,
       CAST((SELECT coalesce(max(batch_id) + 1, 0) FROM usage_batches) + 2 * f.file_id AS INTEGER) AS batch_id,
       CAST((SELECT coalesce(max(batch_id) + 1, 0) FROM usage_batches) + 2 * f.file_id + 1 AS INTEGER) AS dup_batch_id
FROM rc_files f
WHERE f.input = 'render_log'
;
INSERT INTO usage_batches (batch_id, run_id, source_file, entry)
SELECT f.batch_id, a.run_id, f.path, 'usage' FROM rc_batches f, rc_insert_params a
UNION ALL
SELECT f.dup_batch_id, a.run_id, f.path, 'duplicate' FROM rc_batches f, rc_insert_params a
;
-- The prices of the run's keys, as usage_prices holds them.
CREATE OR REPLACE TEMP TABLE rc_run_prices AS
SELECT p.price_key, p.kind, p.media, p.model, p.actor, p.is_ad, CAST(p.images AS INTEGER) AS images,
       p.billable_seconds, p.billable_minutes, p.generative_credits, p.actor_credits, p.edit_credits,
       p.expected_credits, CAST(p.video_minutes AS INTEGER) AS expected_video_minutes,
       p.pricebook_version, a.pricebook_hash
FROM rc_prices p, rc_insert_params a
;
INSERT INTO usage_prices
SELECT CAST((SELECT coalesce(max(price_id) + 1, 0) FROM usage_prices)
            + row_number() OVER (ORDER BY pricebook_hash, pricebook_version, kind, media, model, actor, is_ad,
                                          images, billable_seconds, billable_minutes, generative_credits,
                                          actor_credits, edit_credits, expected_credits, expected_video_minutes)
            - 1 AS INTEGER), *
FROM (SELECT * EXCLUDE (price_key) FROM rc_run_prices
      EXCEPT
      SELECT * EXCLUDE (price_id) FROM usage_prices)
;
CREATE OR REPLACE TEMP TABLE rc_price_ids AS
SELECT r.price_key, p.price_id
FROM rc_run_prices r
JOIN usage_prices p ON p.kind = r.kind AND p.media IS NOT DISTINCT FROM r.media
    AND p.model IS NOT DISTINCT FROM r.model AND p.actor = r.actor AND p.is_ad = r.is_ad
    AND p.images = r.images AND p.billable_seconds = r.billable_seconds
    AND p.billable_minutes = r.billable_minutes AND p.generative_credits = r.generative_credits
    AND p.actor_credits = r.actor_credits AND p.edit_credits = r.edit_credits
    AND p.expected_credits = r.expected_credits AND p.expected_video_minutes = r.expected_video_minutes
    AND p.pricebook_version = r.pricebook_version AND p.pricebook_hash = r.pricebook_hash
;
INSERT INTO usage_rows (
    event_id, video_id, account_id, created_at, duration_ms, inline_charged_credits,
    inline_charged_video_minutes, row_number, is_late, batch_id, price_id)
SELECT
    e.event_id, e.video_id, e.account_id, e.created_at, e.duration_ms,
    e.charged_credits, e.charged_video_minutes, e.row_number,
    date_trunc('month', e.created_at) IN (SELECT strptime(period, '%Y-%m') FROM periods),
    CASE WHEN e.repeated AND e.first_row IS DISTINCT FROM e.file_id::BIGINT * 4294967296 + e.row_number
         THEN f.dup_batch_id ELSE f.batch_id END,
    p.price_id
-- The left join with the repeated ids comes first, on its own: after the
-- inner joins, and with filter pushdown off (job.withoutFilterPushdown),
-- DuckDB plans the three as a cross product.
FROM (SELECT e.*, d.id_hash IS NOT NULL AS repeated, d.first_row
      FROM rc_input e LEFT JOIN rc_dup_ids d ON d.id_hash = rc_id_hash(e.event_id)
      WHERE e.file_id::BIGINT * 4294967296 + e.row_number NOT IN (SELECT place FROM rc_bad_rows)) e
JOIN rc_price_ids p ON p.price_key = e.price_key
JOIN rc_batches f ON f.file_id = e.file_id
;
-- A file without duplicate rows keeps no batch for them.
DELETE FROM usage_batches
WHERE batch_id IN (SELECT dup_batch_id FROM rc_batches)
  AND batch_id NOT IN (SELECT DISTINCT batch_id FROM usage_rows
                       WHERE batch_id IN (SELECT dup_batch_id FROM rc_batches))
