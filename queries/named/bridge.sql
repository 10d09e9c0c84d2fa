-- description: From a month's close to its figures now, line by line by
--   cause: the close's figures; the late events priced since (at their
--   price and charge now); each re-rating since (the change in the expected
--   credits of the events the close knew, per re-rating run and price book
--   hash); the ledger rows since of events charged from the ledger at both
--   times (charges and refunds apart); the events whose charge source
--   changed since (a first ledger row, or their month newly billed through
--   the ledger); the orphan ledger charges and the duplicate rows, now
--   against then; and the figures now (those month_summary gives). Each
--   column of the lines between sums exactly from the close's figure to
--   today's; the events column counts the events each line moves (for
--   orphans and duplicate rows: how many more, or fewer, there are now).
-- param: period YYYY-MM (a month without a close has no lines)
-- param: close= the close's id (close list); empty: the month's current close
-- param: account= one account's bridge (from its row of the close's
--   Accounts sheet); empty: the whole month
WITH c AS (
    SELECT s.*, r.seq, CAST(s.period || '-01' AS TIMESTAMP) AS lo,
           CAST(s.period || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH AS hi
    FROM close_snapshots s JOIN runs r ON r.run_id = s.close_id
    WHERE s.period = $period AND ($close = '' OR s.close_id = $close)
    ORDER BY r.seq DESC
    LIMIT 1
), checked AS (
    -- a month without a close has no bridge (no rows); a close asked for
    -- by its id must exist
    SELECT CASE WHEN NOT regexp_full_match($period, '[0-9]{4}-(0[1-9]|1[0-2])') AND $period <> ''
                THEN error('--param period=' || $period || ': want YYYY-MM')
                WHEN $close <> '' AND (SELECT count(*) FROM c) = 0
                THEN error('no close ' || $close || ' of ' || $period || ' (reconcile close list shows the closes)') END AS ok
), rs AS (
    -- each run: whether it came before the close (or is it); worked out
    -- on the runs, not on every row
    SELECT r.run_id, r.seq <= (SELECT seq FROM c) AS at_close FROM runs r
), rows AS NOT MATERIALIZED (
    -- the period's stored rows (usage, reversal, correction), each with
    -- whether the run that stored it came before the close
    SELECT u.event_id, u.account_id, u.entry, u.run_id, r.at_close, u.pricebook_hash, u.expected_credits,
           u.expected_video_minutes, u.inline_charged_credits, u.inline_charged_video_minutes, u.created_at
    FROM usage_entries u JOIN rs r ON r.run_id = u.run_id
    WHERE u.created_at >= CAST($period || '-01' AS TIMESTAMP)
      AND u.created_at < CAST($period || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH
      AND ($account = '' OR u.account_id = $account)
), lg AS NOT MATERIALIZED (
    SELECT l.event_id, l.credits, l.video_minutes, l.charged_at, r.at_close
    FROM ledger l JOIN rs r ON r.run_id = l.run_id
), lsum AS (
    SELECT event_id,
           count(*) FILTER (WHERE at_close) AS rows_then, sum(credits) FILTER (WHERE at_close) AS credits_then,
           sum(video_minutes) FILTER (WHERE at_close) AS minutes_then,
           count(*) AS rows_now, sum(credits) AS credits_now, sum(video_minutes) AS minutes_now,
           coalesce(sum(credits) FILTER (WHERE NOT at_close AND credits > 0), 0) AS charged_since,
           coalesce(sum(credits) FILTER (WHERE NOT at_close AND credits < 0), 0) AS refunded_since
    FROM lg GROUP BY event_id
), months AS (
    SELECT CAST(date_trunc('month', charged_at) AS TIMESTAMP) AS month, bool_or(at_close) AS covered_then
    FROM lg GROUP BY ALL
), corr AS (
    -- what re-ratings added to each re-rated event, before the close and
    -- in all (an event's price is the sum of its rows)
    SELECT event_id,
           coalesce(sum(expected_credits) FILTER (WHERE at_close), 0) AS credits_then,
           sum(expected_credits) AS credits_now,
           coalesce(sum(expected_video_minutes) FILTER (WHERE at_close), 0) AS minutes_then,
           sum(expected_video_minutes) AS minutes_now
    FROM rows WHERE entry <> 'usage' GROUP BY event_id
), ev AS (
    -- each event from its usage row (it has one), with its re-ratings
    SELECT u.event_id, u.account_id, u.at_close AS known,
           CASE WHEN u.at_close THEN u.expected_credits ELSE 0 END + coalesce(k.credits_then, 0) AS expected_then,
           u.expected_credits + coalesce(k.credits_now, 0) AS expected_now,
           CASE WHEN u.at_close THEN u.expected_video_minutes ELSE 0 END + coalesce(k.minutes_then, 0) AS minutes_then,
           u.expected_video_minutes + coalesce(k.minutes_now, 0) AS minutes_now,
           u.inline_charged_credits AS inline_credits, u.inline_charged_video_minutes AS inline_minutes,
           date_trunc('month', u.created_at) AS month
    FROM rows u LEFT JOIN corr k ON k.event_id = u.event_id
    WHERE u.entry = 'usage'
), sourced AS (
    -- each event's charge source at the close and now, by the one rule
    SELECT e.*, l.charged_since, l.refunded_since, l.credits_then, l.credits_now, l.minutes_then AS lminutes_then,
           l.minutes_now AS lminutes_now,
           charge_source_of(coalesce(l.rows_then, 0) > 0, e.month IN (SELECT month FROM months WHERE covered_then),
                            e.inline_credits, e.inline_minutes) AS source_then,
           charge_source_of(l.event_id IS NOT NULL, e.month IN (SELECT month FROM months), e.inline_credits, e.inline_minutes) AS source_now
    FROM ev e
    -- the months as IN lists, so that the few months are what is hashed
    -- whatever DuckDB estimates of the events (inside a run it took the
    -- events for the small side: 10M of them, past the memory limit)
    LEFT JOIN lsum l ON l.event_id = e.event_id
), charged AS (
    SELECT *,
           coalesce(charged_of(source_then, credits_then, inline_credits), 0) AS charged_then,
           coalesce(charged_of(source_now, credits_now, inline_credits), 0) AS charged_now,
           coalesce(charged_of(source_then, lminutes_then, inline_minutes), 0) AS cminutes_then,
           coalesce(charged_of(source_now, lminutes_now, inline_minutes), 0) AS cminutes_now
    FROM sourced
), fl AS (
    -- the orphans and duplicate rows of the month now, as month_summary
    -- reads them from findings_latest (the lines need no other findings)
    SELECT f.* FROM latest_row_findings f
    WHERE ((f.created_at >= CAST($period || '-01' AS TIMESTAMP) AND f.created_at < CAST($period || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH)
           OR (f.category = 'orphan_charge'
               AND f.event_id IN (SELECT event_id FROM ledger WHERE charged_at >= CAST($period || '-01' AS TIMESTAMP) AND charged_at < CAST($period || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH)))
      AND ($account = '' OR f.account_id = $account)
), was AS (
    -- the orphans and duplicate rows the close reported: its own
    -- discrepancies, as its report chose them (report_findings)
    SELECT count(*) FILTER (WHERE d.category = 'orphan_charge') AS orphans,
           count(*) FILTER (WHERE d.category = 'duplicate_event') AS duplicates,
           coalesce(sum(coalesce(d.charged_credits, 0)) FILTER (WHERE d.category = 'orphan_charge'), 0) AS orphan_credits,
           coalesce(sum(coalesce(d.charged_video_minutes, 0)) FILTER (WHERE d.category = 'orphan_charge'), 0) AS orphan_minutes,
           coalesce(sum(coalesce(d.charged_credits, 0)) FILTER (WHERE d.category = 'duplicate_event'), 0) AS duplicate_credits,
           coalesce(sum(coalesce(d.charged_video_minutes, 0)) FILTER (WHERE d.category = 'duplicate_event'), 0) AS duplicate_minutes
    FROM discrepancies d
    WHERE d.run_id = (SELECT close_id FROM c)
      AND (d.created_at IS NULL OR (d.created_at >= CAST($period || '-01' AS TIMESTAMP) AND d.created_at < CAST($period || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))
      AND ($account = '' OR d.account_id = $account)
), start AS (
    -- the close's figures: its totals, or its row of the Accounts sheet
    SELECT c.events, c.expected_credits, c.charged_credits, c.expected_minutes, c.charged_minutes
    FROM c WHERE $account = ''
    UNION ALL
    SELECT a.events, a.expected_credits, a.charged_credits, a.expected_minutes, a.charged_minutes
    FROM close_accounts a, c WHERE $account <> '' AND a.close_id = c.close_id AND a.account_id = $account
), agg AS MATERIALIZED (
    -- the events summed by what the lines ask of them: whether the close
    -- knew them, and their charge source then and now (a few rows; the
    -- events are read once)
    SELECT known, source_then, source_now, count(*) AS n,
           sum(expected_now) AS expected_now, sum(minutes_now) AS minutes_now,
           sum(charged_now) AS charged_now, sum(charged_then) AS charged_then,
           sum(cminutes_now) AS cminutes_now, sum(cminutes_then) AS cminutes_then,
           count(*) FILTER (WHERE charged_since <> 0) AS n_charged, coalesce(sum(charged_since), 0) AS charged_since,
           count(*) FILTER (WHERE refunded_since <> 0) AS n_refunded, coalesce(sum(refunded_since), 0) AS refunded_since
    FROM charged GROUP BY ALL
), tot AS MATERIALIZED (
    SELECT coalesce(sum(n), 0) AS events, coalesce(sum(expected_now), 0) AS expected_credits,
           coalesce(sum(minutes_now), 0) AS expected_minutes,
           coalesce(sum(charged_now), 0) AS charged_credits, coalesce(sum(cminutes_now), 0) AS charged_minutes
    FROM agg
), fcur AS MATERIALIZED (
    SELECT coalesce(sum(coalesce(charged_credits, 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_credits,
           coalesce(sum(coalesce(charged_video_minutes, 0)) FILTER (WHERE category = 'orphan_charge'), 0) AS orphan_minutes,
           coalesce(sum(coalesce(charged_credits, 0)) FILTER (WHERE category = 'duplicate_event'), 0) AS duplicate_credits,
           coalesce(sum(coalesce(charged_video_minutes, 0)) FILTER (WHERE category = 'duplicate_event'), 0) AS duplicate_minutes,
           count(*) FILTER (WHERE category = 'orphan_charge') AS orphans,
           count(*) FILTER (WHERE category = 'duplicate_event') AS duplicates
    FROM fl
), cur AS MATERIALIZED (
    -- the month now: its events from agg, its orphans and duplicate rows
    -- from its findings
    SELECT t.events, t.expected_credits, t.expected_minutes, t.charged_credits AS events_charged,
           t.charged_minutes AS events_charged_minutes, f.*
    FROM tot t, fcur f
), lines AS (
    SELECT 1 AS ord, 'the close ' || c.close_id AS line, coalesce(s.events, 0) AS events,
           coalesce(s.expected_credits, 0) AS expected_credits, coalesce(s.charged_credits, 0) AS charged_credits,
           coalesce(s.expected_minutes, 0) AS expected_minutes, coalesce(s.charged_minutes, 0) AS charged_minutes
    FROM c LEFT JOIN start s ON true
    UNION ALL
    SELECT 2, 'late events priced since', coalesce(sum(n), 0), coalesce(sum(expected_now), 0), coalesce(sum(charged_now), 0),
           coalesce(sum(minutes_now), 0), coalesce(sum(cminutes_now), 0)
    FROM agg WHERE NOT known
    UNION ALL
    SELECT 3, 're-rating ' || x.run_id || ' (price book ' || left(any_value(x.pricebook_hash) FILTER (WHERE x.entry = 'correction'), 12) || ')',
           count(DISTINCT x.event_id), sum(x.expected_credits), 0, sum(x.expected_video_minutes), 0
    FROM rows x
    WHERE NOT x.at_close AND x.entry IN ('reversal', 'correction')
      -- the events the close knew: all but those priced since, which are
      -- few (every event has its one usage row in rows)
      AND x.event_id NOT IN (SELECT event_id FROM rows WHERE entry = 'usage' AND NOT at_close)
    GROUP BY x.run_id
    UNION ALL
    SELECT 4, 'ledger charges since, of events charged from the ledger then and now',
           coalesce(sum(n_charged), 0), 0, coalesce(sum(charged_since), 0),
           0, coalesce(sum(cminutes_now) - sum(cminutes_then), 0)
    FROM agg WHERE known AND source_then = 'ledger' AND source_now = 'ledger'
    UNION ALL
    SELECT 5, 'ledger refunds since, of events charged from the ledger then and now',
           coalesce(sum(n_refunded), 0), 0, coalesce(sum(refunded_since), 0), 0, 0
    FROM agg WHERE known AND source_then = 'ledger' AND source_now = 'ledger'
    UNION ALL
    SELECT 6, 'charge source changed since (' || source_then || ' then, ' || source_now || ' now)', n,
           0, charged_now - charged_then, 0, cminutes_now - cminutes_then
    FROM agg WHERE known AND source_then <> source_now
    UNION ALL
    SELECT 7, 'orphan ledger charges, now against then', cur.orphans - w.orphans,
           0, cur.orphan_credits - w.orphan_credits, 0, cur.orphan_minutes - w.orphan_minutes
    FROM cur, was w
    UNION ALL
    SELECT 8, 'duplicate rows, now against then', cur.duplicates - w.duplicates,
           0, cur.duplicate_credits - w.duplicate_credits, 0, cur.duplicate_minutes - w.duplicate_minutes
    FROM cur, was w
    UNION ALL
    SELECT 9, 'now', cur.events, cur.expected_credits, cur.events_charged + cur.orphan_credits + cur.duplicate_credits,
           cur.expected_minutes, cur.events_charged_minutes + cur.orphan_minutes + cur.duplicate_minutes
    FROM cur
)
SELECT line, events::BIGINT AS events, expected_credits::DECIMAL(38, 2) AS expected_credits, charged_credits::DECIMAL(38, 2) AS charged_credits,
       (charged_credits - expected_credits)::DECIMAL(38, 2) AS net_credits,
       expected_minutes::BIGINT AS expected_minutes, charged_minutes::BIGINT AS charged_minutes
FROM lines, checked
WHERE checked.ok IS NULL AND EXISTS (SELECT 1 FROM c)
ORDER BY ord, line
