-- rerate_accounts: what a re-rating changed, per account.
SELECT account_id, count(*),
       sum(expected_credits)::DECIMAL(38, 2), sum(new_expected)::DECIMAL(38, 2),
       (sum(new_expected) - sum(expected_credits))::DECIMAL(38, 2),
       sum(expected_video_minutes)::BIGINT, sum(new_minutes)::BIGINT
FROM rc_changed
GROUP BY account_id
ORDER BY account_id
