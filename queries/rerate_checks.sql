-- name: rerate_examined
-- Events examined, and those created before the book's first version.
SELECT count(*), count(*) FILTER (WHERE version_idx IS NULL) FROM rc_rerate

-- name: rerate_totals
SELECT (SELECT count(*) FROM rc_changed),
       (SELECT coalesce(sum(expected_credits), 0) FROM rc_rerate)::DECIMAL(38, 2),
       (SELECT coalesce(sum(new_expected - expected_credits), 0) FROM rc_changed)::DECIMAL(38, 2)

-- name: rerate_old_books
SELECT coalesce(string_agg(DISTINCT pricebook_hash, ',' ORDER BY pricebook_hash), '') FROM rc_changed
