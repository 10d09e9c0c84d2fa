-- whatif_accounts: a dry-run re-rating (rerate --dry-run) per account: the
-- window's events (rc_rerate, from rerate) at their current price and at
-- the draft book's (rc_prices), how many of them the draft changes (any
-- credit component or the video minutes, as rerate_changes decides), and
-- the expected credits before and after. The change and its percentage
-- are worked out in Go, in decimals.
SELECT r.account_id,
       count(*) AS events,
       count(*) FILTER (WHERE rc_credits(p.generative_cents) <> r.generative_credits
                           OR rc_credits(p.actor_cents) <> r.actor_credits
                           OR rc_credits(p.edit_cents) <> r.edit_credits
                           OR p.video_minutes <> r.expected_video_minutes) AS changed,
       sum(r.expected_credits)::DECIMAL(38, 2) AS old_expected,
       sum(rc_credits(p.expected_cents))::DECIMAL(38, 2) AS new_expected
FROM rc_rerate r
JOIN rc_prices p ON p.price_key = r.price_key
GROUP BY r.account_id
ORDER BY r.account_id
