-- rerate_changes: the events whose price under the corrected book differs
-- from their current one (any credit component or the video minutes), and
-- the rows that record the correction the way the FinOps FOCUS spec does:
-- a reversal that negates the current price and a correction with the new
-- one, both charged nothing, so the sum of an event's rows is its current
-- price and earlier reports can be reproduced. $1 run_id, $2 corrected
-- book's hash.
CREATE OR REPLACE TEMP TABLE rc_changed AS
SELECT r.*,
       p.pricebook_version AS new_version,
       p.billable_seconds AS new_billable_seconds,
       p.billable_minutes AS new_billable_minutes,
       rc_credits(p.generative_cents) AS new_generative,
       rc_credits(p.actor_cents) AS new_actor,
       rc_credits(p.edit_cents) AS new_edit,
       rc_credits(p.expected_cents) AS new_expected,
       p.video_minutes::INTEGER AS new_minutes
FROM rc_rerate r
JOIN rc_prices p ON p.price_key = r.price_key
WHERE rc_credits(p.generative_cents) <> r.generative_credits
   OR rc_credits(p.actor_cents) <> r.actor_credits
   OR rc_credits(p.edit_cents) <> r.edit_credits
   OR p.video_minutes <> r.expected_video_minutes
;
-- The reversal and correction rows, as the columns of usage_entries.
CREATE OR REPLACE TEMP TABLE rc_corrections AS
SELECT r.event_id, r.video_id, r.account_id, r.created_at, r.kind, r.media, r.model, r.actor, r.is_ad,
       r.duration_ms, r.images,
       -r.billable_seconds AS billable_seconds, -r.billable_minutes AS billable_minutes,
       -r.generative_credits AS generative_credits, -r.actor_credits AS actor_credits,
       -r.edit_credits AS edit_credits, -r.expected_credits AS expected_credits,
       -r.expected_video_minutes AS expected_video_minutes, r.pricebook_version,
       CAST($1 AS VARCHAR) AS run_id, r.source_file, r.row_number, r.pricebook_hash,
       'reversal' AS entry, r.run_id AS corrects_run_id, r.is_late
FROM rc_changed r
UNION ALL
SELECT r.event_id, r.video_id, r.account_id, r.created_at, r.kind, r.media, r.model, r.actor, r.is_ad,
       r.duration_ms, r.images,
       r.new_billable_seconds, r.new_billable_minutes, r.new_generative, r.new_actor, r.new_edit,
       r.new_expected, r.new_minutes, r.new_version,
       $1, r.source_file, r.row_number, CAST($2 AS VARCHAR),
       'correction', r.run_id, r.is_late
FROM rc_changed r
;
-- Stored as usage_entries' rows are (schema.sql): the re-rating's batches
-- and the prices not stored before get their ids.
INSERT INTO usage_batches
SELECT CAST((SELECT coalesce(max(batch_id) + 1, 0) FROM usage_batches)
            + row_number() OVER (ORDER BY source_file, entry, corrects_run_id) - 1 AS INTEGER), *
FROM (SELECT DISTINCT run_id, source_file, entry, corrects_run_id FROM rc_corrections)
;
INSERT INTO usage_prices
SELECT CAST((SELECT coalesce(max(price_id) + 1, 0) FROM usage_prices)
            + row_number() OVER (ORDER BY pricebook_hash, pricebook_version, kind, media, model, actor, is_ad,
                                          images, billable_seconds, billable_minutes, generative_credits,
                                          actor_credits, edit_credits, expected_credits, expected_video_minutes)
            - 1 AS INTEGER), *
FROM (SELECT kind, media, model, actor, is_ad, images, billable_seconds, billable_minutes,
             generative_credits, actor_credits, edit_credits, expected_credits, expected_video_minutes,
             pricebook_version, pricebook_hash
      FROM rc_corrections
      EXCEPT
      SELECT * EXCLUDE (price_id) FROM usage_prices)
;
INSERT INTO usage_rows (
    event_id, video_id, account_id, created_at, duration_ms, inline_charged_credits,
    inline_charged_video_minutes, row_number, is_late, batch_id, price_id)
SELECT c.event_id, c.video_id, c.account_id, c.created_at, c.duration_ms, NULL, NULL, c.row_number,
       c.is_late, b.batch_id, p.price_id
FROM rc_corrections c
JOIN usage_batches b ON b.run_id = c.run_id AND b.source_file = c.source_file AND b.entry = c.entry
    AND b.corrects_run_id IS NOT DISTINCT FROM c.corrects_run_id
JOIN usage_prices p ON p.kind = c.kind AND p.media IS NOT DISTINCT FROM c.media
    AND p.model IS NOT DISTINCT FROM c.model AND p.actor = c.actor AND p.is_ad = c.is_ad
    AND p.images = c.images AND p.billable_seconds = c.billable_seconds
    AND p.billable_minutes = c.billable_minutes AND p.generative_credits = c.generative_credits
    AND p.actor_credits = c.actor_credits AND p.edit_credits = c.edit_credits
    AND p.expected_credits = c.expected_credits AND p.expected_video_minutes = c.expected_video_minutes
    AND p.pricebook_version = c.pricebook_version AND p.pricebook_hash = c.pricebook_hash
