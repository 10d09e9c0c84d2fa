-- close_sign: the figures hash of the close that close_snapshot and
-- close_late recorded (rc_close): sha256 over its totals (without its id
-- and time), categories, accounts, days, charge sources and late events,
-- each as lines of DuckDB's text of a row, in one order, and over its
-- findings list (findings_sha256).
UPDATE close_snapshots
SET figures_sha256 = sha256(
        (SELECT r::VARCHAR FROM (SELECT * EXCLUDE (close_id, closed_at, figures_sha256) FROM close_snapshots
                                 WHERE close_id = (SELECT close_id FROM rc_close)) r)
        || chr(10) || (SELECT coalesce(string_agg(c::VARCHAR, chr(10) ORDER BY c.category), '')
                       FROM (SELECT * EXCLUDE (close_id) FROM close_categories WHERE close_id = (SELECT close_id FROM rc_close)) c)
        || chr(10) || (SELECT coalesce(string_agg(a::VARCHAR, chr(10) ORDER BY a.account_id), '')
                       FROM (SELECT * EXCLUDE (close_id) FROM close_accounts WHERE close_id = (SELECT close_id FROM rc_close)) a)
        || chr(10) || (SELECT coalesce(string_agg(d::VARCHAR, chr(10) ORDER BY d.day), '')
                       FROM (SELECT * EXCLUDE (close_id) FROM close_days WHERE close_id = (SELECT close_id FROM rc_close)) d)
        || chr(10) || (SELECT coalesce(string_agg(x::VARCHAR, chr(10) ORDER BY x.charge_source), '')
                       FROM (SELECT * EXCLUDE (close_id) FROM close_sources WHERE close_id = (SELECT close_id FROM rc_close)) x)
        || chr(10) || (SELECT coalesce(string_agg(l::VARCHAR, chr(10) ORDER BY l::VARCHAR), '')
                       FROM (SELECT * EXCLUDE (close_id) FROM close_late WHERE close_id = (SELECT close_id FROM rc_close)) l))
WHERE close_id = (SELECT close_id FROM rc_close)
