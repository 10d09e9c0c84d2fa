-- report_categories: count, credits and video minutes of each discrepancy
-- category in the report, so that both tie out: the amounts sum to charged
-- − expected credits less the differences within tolerance, the minutes to
-- charged − expected video minutes. An amount is the sum of diff_credits,
-- except for minutes_mismatch, duplicate_charge and account_mismatch, whose
-- event's credit
-- difference a credit category (or the tolerance) already counts. Minutes
-- are charged − expected video minutes of minutes_mismatch, uncharged,
-- duplicate_event and orphan_charge rows.
SELECT c.category, count(d.category) AS n,
       coalesce(sum(CASE WHEN c.category IN ('minutes_mismatch', 'duplicate_charge', 'account_mismatch') THEN 0
                         ELSE d.diff_credits END), 0)::DECIMAL(38, 2) AS amount,
       coalesce(sum(CASE WHEN c.category IN ('minutes_mismatch', 'uncharged', 'duplicate_event', 'orphan_charge')
                         THEN coalesce(d.charged_video_minutes, 0) - d.expected_video_minutes ELSE 0 END), 0)::BIGINT AS minutes
FROM (VALUES (1, 'overcharged'), (2, 'undercharged'), (3, 'uncharged'), (4, 'minutes_mismatch'),
             (5, 'duplicate_event'), (6, 'orphan_charge'), (7, 'duplicate_charge'),
             (8, 'account_mismatch')) c(ord, category)
LEFT JOIN rc_findings d ON d.category = c.category
GROUP BY c.ord, c.category
ORDER BY c.ord
