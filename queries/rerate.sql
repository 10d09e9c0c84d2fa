-- rerate: the events of a window ($1 from, inclusive; $2 to, exclusive, or
-- NULL for no end) at their current price, with the pricing key of the
-- corrected book. A text/template: .Version maps created_at to a version
-- index of the corrected book.
CREATE OR REPLACE TEMP TABLE rc_rerate AS
SELECT u.*,
       {{.Version}} AS version_idx,
       rc_duration_key(u.kind, u.duration_ms) AS duration_key,
       rc_price_key({{.Version}}, u.kind, u.media, u.model, u.actor, u.is_ad,
                    rc_duration_key(u.kind, u.duration_ms),
                    u.images) AS price_key
FROM current_entries u
WHERE u.created_at >= $1 AND ($2 IS NULL OR u.created_at < $2)
;
CREATE OR REPLACE TEMP TABLE rc_keys AS
SELECT DISTINCT version_idx, kind, media, model, actor, is_ad, duration_key, images::BIGINT AS images,
       rc_price_key(version_idx, kind, media, model, actor, is_ad, duration_key, images) AS price_key
FROM rc_rerate
WHERE version_idx IS NOT NULL
