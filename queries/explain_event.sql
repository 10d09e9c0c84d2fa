-- explain_event: one event at its current price (a re-rating's correction,
-- with the usage row's charge, when there is one), with the charge its
-- reconciliation uses and where it came from. $1 event_id.
SELECT event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad,
       duration_ms, images, expected_credits, expected_video_minutes, pricebook_version,
       charged_credits, charged_video_minutes, diff_credits, run_id, source_file,
       row_number, pricebook_hash, charge_source, inline_charged_credits, inline_charged_video_minutes
FROM current_usage
WHERE event_id = $1
