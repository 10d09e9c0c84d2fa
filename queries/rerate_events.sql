-- rerate_events: what a re-rating changed, per event.
SELECT event_id, account_id, created_at, pricebook_version, new_version,
       expected_credits, new_expected, (new_expected - expected_credits)::DECIMAL(18, 2),
       expected_video_minutes, new_minutes
FROM rc_changed
ORDER BY account_id, created_at, event_id
