-- insert_priced: the run's events with their prices. An event created in a
-- month that an earlier run closed is late. $1 run_id, $2 price book hash.
INSERT INTO priced_usage (
    event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images,
    billable_seconds, billable_minutes, generative_credits, actor_credits, edit_credits,
    expected_credits, expected_video_minutes, pricebook_version, charged_credits,
    charged_video_minutes, diff_credits, run_id, source_file, row_number, pricebook_hash, is_late)
SELECT
    e.event_id, e.video_id, e.account_id, e.created_at, e.kind, e.media, e.model,
    e.actor, e.is_ad, e.duration_ms, e.images,
    p.billable_seconds, p.billable_minutes,
    rc_credits(p.generative_cents), rc_credits(p.actor_cents), rc_credits(p.edit_cents),
    rc_credits(p.expected_cents), p.video_minutes, p.pricebook_version,
    e.charged_credits, e.charged_video_minutes,
    CAST(coalesce(e.charged_credits, 0) - rc_credits(p.expected_cents) AS DECIMAL(18, 2)),
    $1, f.path, e.row_number, $2,
    strftime(e.created_at, '%Y-%m') IN (SELECT period FROM periods)
FROM rc_input e
ANTI JOIN rc_dup_skip s ON s.file_id = e.file_id AND s.row_number = e.row_number
JOIN rc_prices p
  ON  p.version_idx = e.version_idx
  AND p.kind = e.kind
  AND p.media IS NOT DISTINCT FROM e.media
  AND p.model IS NOT DISTINCT FROM e.model
  AND p.actor = e.actor
  AND p.is_ad = e.is_ad
  AND p.duration_key IS NOT DISTINCT FROM e.duration_key
  AND p.images = e.images
JOIN rc_files f ON f.file_id = e.file_id
WHERE e.reason IS NULL
