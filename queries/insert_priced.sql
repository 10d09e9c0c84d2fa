-- insert_priced: the run's events with their prices. An event created in a
-- month that an earlier run closed is late. $1 run_id, $2 price book hash.
INSERT INTO usage_entries (
    event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images,
    billable_seconds, billable_minutes, generative_credits, actor_credits, edit_credits,
    expected_credits, expected_video_minutes, pricebook_version, inline_charged_credits,
    inline_charged_video_minutes, run_id, source_file, row_number, pricebook_hash, is_late)
SELECT
    e.event_id, e.video_id, e.account_id, e.created_at, e.kind, e.media, e.model,
    e.actor, e.is_ad, e.duration_ms, e.images,
    p.billable_seconds, p.billable_minutes,
    p.generative_credits, p.actor_credits, p.edit_credits,
    p.expected_credits, p.video_minutes, p.pricebook_version,
    e.charged_credits, e.charged_video_minutes,
    $1, f.path, e.row_number, $2,
    date_trunc('month', e.created_at) IN (SELECT strptime(period, '%Y-%m') FROM periods)
FROM rc_input e
ANTI JOIN rc_dup_skip s ON s.file_id = e.file_id AND s.row_number = e.row_number
JOIN rc_prices p ON p.price_key = e.price_key
JOIN rc_files f ON f.file_id = e.file_id
WHERE e.reason IS NULL
