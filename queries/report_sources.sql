-- report_sources: the scope's events by where their charge came from
-- (ledger, inline, none), with what they were charged.
SELECT charge_source, sum(events)::BIGINT AS events, sum(charged_credits)::DECIMAL(38, 2) AS credits
FROM rc_totals
GROUP BY charge_source
ORDER BY CASE charge_source WHEN 'ledger' THEN 1 WHEN 'inline' THEN 2 ELSE 3 END
