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
INSERT INTO usage_entries (
    event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images,
    billable_seconds, billable_minutes, generative_credits, actor_credits, edit_credits,
    expected_credits, expected_video_minutes, pricebook_version, inline_charged_credits,
    inline_charged_video_minutes, run_id, source_file, row_number, pricebook_hash,
    entry, corrects_run_id, is_late)
SELECT event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images,
       -billable_seconds, -billable_minutes, -generative_credits, -actor_credits, -edit_credits,
       -expected_credits, -expected_video_minutes, pricebook_version, NULL,
       NULL, $1, source_file, row_number, pricebook_hash,
       'reversal', run_id, is_late
FROM rc_changed
UNION ALL
SELECT event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images,
       new_billable_seconds, new_billable_minutes, new_generative, new_actor, new_edit,
       new_expected, new_minutes, new_version, NULL,
       NULL, $1, source_file, row_number, $2,
       'correction', run_id, is_late
FROM rc_changed
