-- explain_event: one priced event, the latest if several runs hold it. $1 event_id.
SELECT event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad,
       duration_ms, images, expected_credits, expected_video_minutes, pricebook_version,
       charged_credits, charged_video_minutes, diff_credits, run_id, source_file,
       row_number, pricebook_hash
FROM priced_usage
WHERE event_id = $1
ORDER BY run_id DESC
LIMIT 1
